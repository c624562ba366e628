package dev.clauderesilience.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Nearest-rank percentiles and medians.
 */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The p-th percentile (nearest rank) of the values, 0 when there are none.
	 * @param sorted ascending values
	 * @param p the percentile, 0 to 100
	 * @return the value
	 */
	static double of(double[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	static double[] sorted(double[] values) {
		double[] copy = values.clone();
		Arrays.sort(copy);
		return copy;
	}

}
