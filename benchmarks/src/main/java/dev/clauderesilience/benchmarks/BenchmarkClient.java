package dev.clauderesilience.benchmarks;

/**
 * One of the compared clients, called the same way by every caller thread: blocking, one
 * request at a time.
 */
interface BenchmarkClient extends AutoCloseable {

	/** The label in the results tables. */
	String name();

	/**
	 * Sends the prompt and waits for the whole answer.
	 * @param prompt the user message
	 * @throws Exception whatever the caller of this client would see
	 */
	void call(String prompt) throws Exception;

	@Override
	void close();

}
