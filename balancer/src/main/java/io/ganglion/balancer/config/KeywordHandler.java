package io.ganglion.balancer.config;

import java.util.List;

/** Applies one keyword line to the section being built. */
@FunctionalInterface
public interface KeywordHandler {
    /**
     * @param context the section being built and where the line came from
     * @param args    the words after the keyword's own words
     * @throws KeywordException with the problem text when the arguments are wrong; nothing is applied then
     */
    void handle(ParseContext context, List<String> args) throws KeywordException;
}
