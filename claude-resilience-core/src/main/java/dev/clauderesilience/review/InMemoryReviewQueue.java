package dev.clauderesilience.review;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A bounded in-memory review queue: when full, the oldest item makes room.
 *
 * @since 0.1.0
 */
public final class InMemoryReviewQueue implements ReviewQueue {

	private final int capacity;

	private final Deque<ReviewItem> items = new ArrayDeque<>();

	/**
	 * A queue.
	 * @param capacity how many items it keeps
	 */
	public InMemoryReviewQueue(int capacity) {
		this.capacity = capacity;
	}

	@Override
	public synchronized void submit(ReviewItem item) {
		while (this.items.size() >= this.capacity) {
			this.items.removeFirst();
		}
		this.items.addLast(item);
	}

	@Override
	public synchronized List<ReviewItem> pending() {
		return List.copyOf(this.items);
	}

}
