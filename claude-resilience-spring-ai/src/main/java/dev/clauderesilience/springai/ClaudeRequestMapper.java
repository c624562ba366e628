package dev.clauderesilience.springai;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.MimeType;
import org.springframework.util.StringUtils;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Message;

/**
 * Turns a Spring AI prompt into a Claude request: system messages into the system prompt, the
 * other messages into turns (a tool response into a user turn of {@code tool_result} blocks), the
 * options into request fields, and the resolved tool definitions into tools. An assistant message
 * this model produced goes back with the blocks it arrived with, so that thinking blocks precede
 * their tool calls as the API requires.
 */
final class ClaudeRequestMapper {

	private static final ObjectMapper json = new ObjectMapper();

	private static final MimeType PDF = MimeType.valueOf("application/pdf");

	private ClaudeRequestMapper() {
	}

	static ClaudeRequest toRequest(Prompt prompt, ClaudeResilienceChatOptions options, List<ToolDefinition> tools) {
		List<org.springframework.ai.chat.messages.Message> instructions = prompt.getInstructions();
		ClaudeRequest.Builder request = ClaudeRequest.builder()
			.model(options.getModel())
			.maxTokens(options.getMaxTokens())
			.system(system(instructions))
			.messages(turns(instructions))
			.temperature(options.getTemperature())
			.topP(options.getTopP())
			.topK(options.getTopK())
			.stopSequences((options.getStopSequences() != null) ? options.getStopSequences() : List.of())
			.tools(tools.stream().map(ClaudeRequestMapper::tool).toList())
			.toolChoice(options.getToolChoice())
			.cacheable(Boolean.TRUE.equals(options.getCacheable()))
			.priority(options.getPriority())
			.tenant(options.getTenant());
		if (options.getThinkingBudgetTokens() != null) {
			request.thinking(ClaudeRequest.ThinkingConfig.enabled(options.getThinkingBudgetTokens()));
		}
		if (options.getUserId() != null) {
			request.metadata("user_id", options.getUserId());
		}
		return request.build();
	}

	private static List<ContentBlock.Text> system(List<org.springframework.ai.chat.messages.Message> instructions) {
		List<ContentBlock.Text> system = new ArrayList<>();
		for (org.springframework.ai.chat.messages.Message message : instructions) {
			if (message instanceof SystemMessage && StringUtils.hasLength(message.getText())) {
				system.add(ContentBlock.text(message.getText()));
			}
		}
		return system;
	}

	private static List<Message> turns(List<org.springframework.ai.chat.messages.Message> instructions) {
		List<Message> turns = new ArrayList<>();
		for (org.springframework.ai.chat.messages.Message message : instructions) {
			switch (message.getMessageType()) {
				case SYSTEM -> {
					// the system prompt, above
				}
				case USER -> turns.add(new Message("user", userContent(message)));
				case ASSISTANT -> turns.add(new Message("assistant", assistantContent((AssistantMessage) message)));
				case TOOL -> turns.add(new Message("user", toolResults((ToolResponseMessage) message)));
			}
		}
		return turns;
	}

	private static List<ContentBlock> userContent(org.springframework.ai.chat.messages.Message message) {
		List<Media> media = (message instanceof UserMessage user) ? user.getMedia() : List.of();
		List<ContentBlock> content = new ArrayList<>();
		// the API refuses an empty text block, but a message must say something
		if (StringUtils.hasLength(message.getText()) || media.isEmpty()) {
			content.add(ContentBlock.text((message.getText() != null) ? message.getText() : ""));
		}
		media.forEach((item) -> content.add(media(item)));
		return content;
	}

	private static List<ContentBlock> assistantContent(AssistantMessage message) {
		List<ContentBlock> original = ChatResponseMapper.contentBlocks(message);
		if (original != null) {
			return original;
		}
		List<ContentBlock> content = new ArrayList<>();
		if (StringUtils.hasLength(message.getText())) {
			content.add(ContentBlock.text(message.getText()));
		}
		for (AssistantMessage.ToolCall call : message.getToolCalls()) {
			content.add(new ContentBlock.ToolUse(call.id(), call.name(), arguments(call.arguments()), Map.of()));
		}
		return content;
	}

	private static List<ContentBlock> toolResults(ToolResponseMessage message) {
		return message.getResponses()
			.stream()
			.<ContentBlock>map((response) -> new ContentBlock.ToolResult(response.id(),
					JsonNodeFactory.instance.textNode(response.responseData()), null, Map.of()))
			.toList();
	}

	private static ContentBlock media(Media media) {
		MimeType type = media.getMimeType();
		ObjectNode source = JsonNodeFactory.instance.objectNode();
		if (media.getData() instanceof String text && (text.startsWith("https://") || text.startsWith("http://"))) {
			source.put("type", "url").put("url", text);
		}
		else {
			String data = (media.getData() instanceof byte[] bytes) ? Base64.getEncoder().encodeToString(bytes)
					: String.valueOf(media.getData());
			source.put("type", "base64").put("media_type", type.getType() + "/" + type.getSubtype()).put("data", data);
		}
		if ("image".equals(type.getType())) {
			return new ContentBlock.Image(source, Map.of());
		}
		if (PDF.equalsTypeAndSubtype(type)) {
			return new ContentBlock.Document(source, Map.of());
		}
		throw new IllegalArgumentException(
				"Claude reads images and PDF documents, not " + type + " (media " + media.getName() + ")");
	}

	private static ClaudeRequest.Tool tool(ToolDefinition definition) {
		String description = StringUtils.hasText(definition.description()) ? definition.description() : null;
		JsonNode schema = StringUtils.hasText(definition.inputSchema())
				? parse(definition.inputSchema(), "the input schema of tool " + definition.name())
				: JsonNodeFactory.instance.objectNode().put("type", "object");
		return new ClaudeRequest.Tool(definition.name(), description, schema, Map.of());
	}

	private static JsonNode arguments(String arguments) {
		if (!StringUtils.hasText(arguments)) {
			return JsonNodeFactory.instance.objectNode();
		}
		return parse(arguments, "a tool call's arguments");
	}

	private static JsonNode parse(String text, String what) {
		try {
			return json.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("The JSON of " + what + " does not parse: " + ex.getOriginalMessage(),
					ex);
		}
	}

}
