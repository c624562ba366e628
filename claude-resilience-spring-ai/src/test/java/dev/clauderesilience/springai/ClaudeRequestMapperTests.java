package dev.clauderesilience.springai;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.MimeTypeUtils;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class ClaudeRequestMapperTests {

	private static final ClaudeResilienceChatOptions NO_OPTIONS = ClaudeResilienceChatOptions.builder().build();

	@Test
	void systemMessagesShouldBecomeTheSystemPromptAndTheRestTurns() {
		Prompt prompt = new Prompt(List.of(new SystemMessage("Be brief."), new UserMessage("Hello"),
				new AssistantMessage("Hi!"), new SystemMessage("Be kind."), new UserMessage("How are you?")));

		ClaudeRequest request = ClaudeRequestMapper.toRequest(prompt, NO_OPTIONS, List.of());

		assertThat(request.system()).extracting(ContentBlock.Text::text).containsExactly("Be brief.", "Be kind.");
		assertThat(request.messages()).extracting(Message::role, Message::text)
			.containsExactly(tuple("user", "Hello"), tuple("assistant", "Hi!"), tuple("user", "How are you?"));
	}

	@Test
	void optionsShouldBecomeRequestFields() {
		ClaudeResilienceChatOptions options = ClaudeResilienceChatOptions.builder()
			.model("claude-opus-4-5")
			.maxTokens(4096)
			.stopSequences(List.of("END"))
			.thinkingBudgetTokens(2048)
			.userId("user-7")
			.toolChoice(ClaudeRequest.ToolChoice.of("any"))
			.priority(ClaudeRequest.Priority.BATCH)
			.tenant("acme")
			.cacheable(true)
			.build();

		ClaudeRequest request = ClaudeRequestMapper.toRequest(new Prompt("Hello"), options, List.of());

		assertThat(request.model()).isEqualTo("claude-opus-4-5");
		assertThat(request.maxTokens()).isEqualTo(4096);
		assertThat(request.stopSequences()).containsExactly("END");
		assertThat(request.thinking()).isEqualTo(ClaudeRequest.ThinkingConfig.enabled(2048));
		assertThat(request.metadata()).containsExactly(Map.entry("user_id", "user-7"));
		assertThat(request.toolChoice()).isEqualTo(ClaudeRequest.ToolChoice.of("any"));
		assertThat(request.priority()).isEqualTo(ClaudeRequest.Priority.BATCH);
		assertThat(request.tenant()).isEqualTo("acme");
		assertThat(request.cacheable()).isTrue();
		assertThat(request.temperature()).isNull();
	}

	@Test
	void unsetOptionsShouldLeaveTheClientsDefaults() {
		ClaudeRequest request = ClaudeRequestMapper.toRequest(new Prompt("Hello"), NO_OPTIONS, List.of());

		assertThat(request.model()).isNull();
		assertThat(request.maxTokens()).isNull();
		assertThat(request.thinking()).isNull();
		assertThat(request.metadata()).isEmpty();
		assertThat(request.priority()).isEqualTo(ClaudeRequest.Priority.INTERACTIVE);
		assertThat(request.cacheable()).isFalse();
	}

	@Test
	void toolDefinitionsShouldBecomeToolsWithTheirSchema() {
		ToolDefinition definition = ToolDefinition.builder()
			.name("orderStatus")
			.description("The status of an order")
			.inputSchema("{\"type\":\"object\",\"properties\":{\"orderId\":{\"type\":\"string\"}}}")
			.build();

		ClaudeRequest request = ClaudeRequestMapper.toRequest(new Prompt("Hello"), NO_OPTIONS, List.of(definition));

		assertThat(request.tools()).singleElement().satisfies((tool) -> {
			assertThat(tool.name()).isEqualTo("orderStatus");
			assertThat(tool.description()).isEqualTo("The status of an order");
			assertThat(tool.inputSchema().path("properties").path("orderId").path("type").asText()).isEqualTo("string");
		});
	}

	@Test
	void toolCallsAndResponsesShouldBecomeToolUseAndToolResultBlocks() {
		AssistantMessage call = AssistantMessage.builder()
			.content("Let me look.")
			.toolCalls(List.of(new AssistantMessage.ToolCall("toolu_1", "function", "orderStatus", "{\"orderId\":\"A-42\"}"),
					new AssistantMessage.ToolCall("toolu_2", "function", "clock", "")))
			.build();
		ToolResponseMessage results = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("toolu_1", "orderStatus", "shipped"),
					new ToolResponseMessage.ToolResponse("toolu_2", "clock", "noon")))
			.build();

		ClaudeRequest request = ClaudeRequestMapper
			.toRequest(new Prompt(List.of(new UserMessage("Where is A-42?"), call, results)), NO_OPTIONS, List.of());

		assertThat(request.messages().get(1).content()).containsExactly(ContentBlock.text("Let me look."),
				new ContentBlock.ToolUse("toolu_1", "orderStatus",
						JsonNodeFactory.instance.objectNode().put("orderId", "A-42"), Map.of()),
				new ContentBlock.ToolUse("toolu_2", "clock", JsonNodeFactory.instance.objectNode(), Map.of()));
		assertThat(request.messages().get(2).role()).isEqualTo("user");
		assertThat(request.messages().get(2).content()).containsExactly(
				new ContentBlock.ToolResult("toolu_1", JsonNodeFactory.instance.textNode("shipped"), null, Map.of()),
				new ContentBlock.ToolResult("toolu_2", JsonNodeFactory.instance.textNode("noon"), null, Map.of()));
	}

	@Test
	void assistantMessageOfThisModelShouldGoBackWithTheBlocksItArrivedWith() {
		List<ContentBlock> blocks = List.of(new ContentBlock.Thinking("The user wants A-42.", "sig", Map.of()),
				new ContentBlock.ToolUse("toolu_1", "orderStatus",
						JsonNodeFactory.instance.objectNode().put("orderId", "A-42"), Map.of()));
		AssistantMessage call = AssistantMessage.builder()
			.content("")
			.toolCalls(List.of(new AssistantMessage.ToolCall("toolu_1", "function", "orderStatus", "{}")))
			.properties(Map.of(ClaudeResilienceChatModel.CONTENT_BLOCKS, blocks))
			.build();

		ClaudeRequest request = ClaudeRequestMapper.toRequest(new Prompt(List.of(new UserMessage("Where?"), call)),
				NO_OPTIONS, List.of());

		assertThat(request.messages().get(1).content()).isEqualTo(blocks);
	}

	@Test
	void mediaShouldBecomeImageAndDocumentBlocks() {
		UserMessage message = UserMessage.builder()
			.text("What is this?")
			.media(List.of(new Media(MimeTypeUtils.IMAGE_PNG, URI.create("https://example.com/cat.png")),
					Media.builder().mimeType(Media.Format.DOC_PDF).data(new byte[] { 1, 2, 3 }).build()))
			.build();

		List<ContentBlock> content = ClaudeRequestMapper.toRequest(new Prompt(message), NO_OPTIONS, List.of())
			.messages()
			.get(0)
			.content();

		assertThat(content).hasSize(3);
		assertThat(content.get(0)).isEqualTo(ContentBlock.text("What is this?"));
		assertThat(content.get(1)).isInstanceOfSatisfying(ContentBlock.Image.class, (image) -> {
			assertThat(image.source().path("type").asText()).isEqualTo("url");
			assertThat(image.source().path("url").asText()).isEqualTo("https://example.com/cat.png");
		});
		assertThat(content.get(2)).isInstanceOfSatisfying(ContentBlock.Document.class, (document) -> {
			assertThat(document.source().path("type").asText()).isEqualTo("base64");
			assertThat(document.source().path("media_type").asText()).isEqualTo("application/pdf");
			assertThat(document.source().path("data").asText()).isEqualTo("AQID");
		});
	}

	@Test
	void mediaClaudeCannotReadShouldBeRefusedNamingItsType() {
		UserMessage message = UserMessage.builder()
			.text("Play this")
			.media(List.of(Media.builder().mimeType(MimeTypeUtils.parseMimeType("audio/mpeg")).data(new byte[1]).build()))
			.build();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClaudeRequestMapper.toRequest(new Prompt(message), NO_OPTIONS, List.of()))
			.withMessageContaining("audio/mpeg");
	}

}
