package io.datastreamscaling.bench.footprint;

/**
 * How light a process is at a steady, low rate.
 *
 * @param name                  what ran
 * @param ratePerSec            the fixed rate it ran at
 * @param startToFirstRecordMs  launch of the JVM → the first line saying a record was acknowledged/consumed
 *                              ({@code -1} if it never printed one)
 * @param rssAfterSeconds       when RSS was read, counted from launch
 * @param rssMiB                resident set size then ({@code -1} where /proc is unavailable)
 */
public record Footprint(String name, int ratePerSec, long startToFirstRecordMs, int rssAfterSeconds, double rssMiB) {
}
