package io.vpngw.gateway.interop;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The summary of one {@code ping -c N} run. */
public record PingResult(int transmitted, int received, String output) {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    /** Lost packets in percent of those sent. */
    public double lossPercent() {
        return transmitted == 0 ? 100.0 : 100.0 * (transmitted - received) / transmitted;
    }

    static PingResult parse(String output) {
        Matcher matcher = SUMMARY.matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no ping summary in:\n" + output);
        }
        return new PingResult(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), output);
    }
}
