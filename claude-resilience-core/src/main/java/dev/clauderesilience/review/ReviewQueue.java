package dev.clauderesilience.review;

import java.util.List;

/**
 * Where inputs the API refused go for human review. Define a bean of this type to send them
 * elsewhere (a ticket system, a database); the default keeps the latest ones in memory.
 *
 * @since 0.1.0
 */
public interface ReviewQueue {

	/**
	 * Adds an item. Must not block for long and must not throw.
	 * @param item the anonymised item
	 */
	void submit(ReviewItem item);

	/**
	 * The items waiting, oldest first.
	 * @return the items
	 */
	List<ReviewItem> pending();

}
