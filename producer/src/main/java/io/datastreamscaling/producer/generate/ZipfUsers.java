package io.datastreamscaling.producer.generate;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks user numbers with a Zipf-like skew: user 0 is the hottest, user {@code n-1} the coldest,
 * and user {@code k} is picked with probability proportional to {@code 1 / (k+1)^skew}. Real order
 * streams look like this (a few heavy buyers, a long tail), and it is what makes some partitions
 * busier than others.
 *
 * <p>The cumulative distribution is computed once; a pick is one uniform draw and a binary search,
 * with no allocation.
 */
public final class ZipfUsers {
    private final double[] cumulative;

    public ZipfUsers(int users, double skew) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        cumulative = new double[users];
        double total = 0;
        for (int k = 0; k < users; k++) {
            total += 1.0 / Math.pow(k + 1, skew);
            cumulative[k] = total;
        }
        for (int k = 0; k < users; k++) {
            cumulative[k] /= total;
        }
        cumulative[users - 1] = 1.0; // rounding must not leave a gap at the top
    }

    public int users() {
        return cumulative.length;
    }

    /** A user number in {@code [0, users)}. */
    public int pick(RandomGenerator random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        // Not found: -(insertion point) - 1, and the insertion point is the first bucket above the draw.
        return i >= 0 ? i : -i - 1;
    }

    /** The probability of user {@code k}, for tests and docs. */
    public double probability(int k) {
        return k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1];
    }
}
