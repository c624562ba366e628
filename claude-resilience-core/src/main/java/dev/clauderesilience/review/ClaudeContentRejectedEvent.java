package dev.clauderesilience.review;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the API refused an input (403) and it went to the review queue.
 *
 * @since 0.1.0
 */
public class ClaudeContentRejectedEvent extends ApplicationEvent {

	private final ReviewItem item;

	/**
	 * A new event.
	 * @param source the publisher
	 * @param item the anonymised item
	 */
	public ClaudeContentRejectedEvent(Object source, ReviewItem item) {
		super(source);
		this.item = item;
	}

	/**
	 * The item sent for review.
	 * @return the item
	 */
	public ReviewItem getItem() {
		return this.item;
	}

}
