package dev.clauderesilience.sample;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.clauderesilience.springai.ClaudeResilienceChatModel;

/**
 * A support assistant on Spring AI's {@link ChatClient}, backed by the starter's chat model, so
 * that every round trip of its tool calls is paced, retried and falls back like any other call.
 * Failures become problem details in the starter's handler, as for {@code /api/chat}.
 */
@RestController
@RequestMapping("/api")
class AssistantController {

	private final ChatClient chatClient;

	// by name: the model stays this one even next to Spring AI's own Anthropic starter
	AssistantController(@Qualifier("claudeResilienceChatModel") ChatModel chatModel, OrderStatusTool orderStatusTool) {
		this.chatClient = ChatClient.builder(chatModel)
			.defaultSystem("You are the support assistant of an online shop. Look orders up with the orderStatus tool.")
			.defaultTools(orderStatusTool)
			.build();
	}

	@PostMapping("/assistant")
	Mono<AssistantAnswer> ask(@RequestBody AssistantQuestion question) {
		if (question.prompt() == null || question.prompt().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The field 'prompt' must not be blank.");
		}
		// ChatClient's call() blocks (tools run in it): never on the event loop
		return Mono.fromCallable(() -> this.chatClient.prompt().user(question.prompt()).call().chatResponse())
			.subscribeOn(Schedulers.boundedElastic())
			.map((response) -> new AssistantAnswer(response.getResult().getOutput().getText(),
					response.getMetadata().getModel(),
					response.getMetadata().containsKey(ClaudeResilienceChatModel.FALLBACK_FROM)));
	}

	/**
	 * The body of {@code POST /api/assistant}.
	 *
	 * @param prompt the customer's question (required)
	 */
	record AssistantQuestion(String prompt) {
	}

	/**
	 * The answer of {@code POST /api/assistant}.
	 *
	 * @param text the assistant's answer
	 * @param model the model that gave it
	 * @param fallback whether a fallback model answered instead of the configured one
	 */
	record AssistantAnswer(String text, String model, boolean fallback) {
	}

}
