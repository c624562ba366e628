package dev.clauderesilience.sample;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.clauderesilience.review.ReviewItem;
import dev.clauderesilience.review.ReviewQueue;

/**
 * {@code GET /api/review-queue}: the inputs the API refused (403), anonymised, for a person to
 * review. They are users' words: off unless {@code sample.review-queue.enabled=true}, and in a
 * real application it belongs behind authentication for reviewers only.
 */
@RestController
@ConditionalOnProperty(name = "sample.review-queue.enabled", havingValue = "true")
class ReviewQueueController {

	private final ReviewQueue reviewQueue;

	ReviewQueueController(ReviewQueue reviewQueue) {
		this.reviewQueue = reviewQueue;
	}

	@GetMapping("/api/review-queue")
	List<ReviewItem> reviewQueue() {
		return this.reviewQueue.pending();
	}

}
