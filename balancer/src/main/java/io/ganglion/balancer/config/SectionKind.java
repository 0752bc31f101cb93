package io.ganglion.balancer.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The section a keyword appears in. */
public enum SectionKind {
    GLOBAL, DEFAULTS, FRONTEND, BACKEND, LISTEN;

    /** Where frontend keywords are allowed ({@code bind}, {@code default_backend}...). */
    public static final Set<SectionKind> FRONTEND_SIDE = EnumSet.of(DEFAULTS, FRONTEND, LISTEN);
    /** Where backend keywords are allowed ({@code server}, {@code balance}...). */
    public static final Set<SectionKind> BACKEND_SIDE = EnumSet.of(DEFAULTS, BACKEND, LISTEN);
    /** Keywords every proxy section and {@code defaults} accept ({@code mode}, {@code timeout}...). */
    public static final Set<SectionKind> ANY_PROXY = EnumSet.of(DEFAULTS, FRONTEND, BACKEND, LISTEN);

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isProxy() {
        return this == FRONTEND || this == BACKEND || this == LISTEN;
    }

    public static SectionKind fromKeyword(String word) {
        for (SectionKind k : values()) {
            if (k.keyword().equals(word)) {
                return k;
            }
        }
        return null;
    }
}
