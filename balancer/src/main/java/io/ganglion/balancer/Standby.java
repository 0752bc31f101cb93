package io.ganglion.balancer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The wait of a standby balancer ({@code --standby}): a supervisor keeps one warm next to the running
 * balancer and, when that one dies, tells the standby to take over by writing {@code start} on its
 * standard input. The end of the input first means the supervisor is gone and no takeover will come.
 */
final class Standby {
    static final String START = "start";

    private Standby() {
    }

    /** True when {@code start} arrived, false when the input ended first. Other lines are ignored. */
    static boolean awaitStart(InputStream input) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.US_ASCII));
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.strip().equals(START)) {
                    return true;
                }
            }
        } catch (IOException e) {
            // an input that fails is an input that ended
        }
        return false;
    }
}
