package dev.clauderesilience.test;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.clauderesilience.test.ReplyGenerator.Piece;
import dev.clauderesilience.test.ReplyGenerator.Reply;
import dev.clauderesilience.test.ReplyGenerator.TextBlock;
import dev.clauderesilience.test.ReplyGenerator.ToolUseBlock;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyGeneratorTests {

	private final ReplyGenerator generator = new ReplyGenerator(20, 60);

	@Test
	void toolUseBlockShouldCountAboutOneTokenPerJsonWordAndStreamPiecesMakingItsJson() throws Exception {
		JsonNode input = SimulatorRequests.MAPPER.readTree("{\"city\":\"New York\",\"days\":3,\"tags\":[]}");
		ToolUseBlock block = ToolUseBlock.of("toolu_1", "get_weather", input);
		// the name, then { city : New York , days : 3 , tags : [ ] }
		assertThat(block.outputTokens()).isEqualTo(1 + 15);
		List<Piece> pieces = block.pieces();
		assertThat(pieces).hasSizeGreaterThan(1);
		assertThat(String.join("", pieces.stream().map(Piece::text).toList())).isEqualTo(block.inputJson());
		assertThat(pieces.stream().mapToLong(Piece::outputTokens).sum()).isEqualTo(15);
	}

	@Test
	void textBlockShouldKeepTheTextExactlyAndCountOneTokenPerWord() {
		TextBlock block = TextBlock.of("The tool returned:\n  15 degrees");
		assertThat(block.text()).isEqualTo("The tool returned:\n  15 degrees");
		assertThat(block.outputTokens()).isEqualTo(5);
		assertThat(String.join("", block.pieces().stream().map(Piece::text).toList())).isEqualTo(block.text());
		assertThat(block.first(2).text()).isEqualTo("The tool");
	}

	@Test
	void generateWhenToolCallDoesNotFitMaxTokensShouldStopBeforeIt() throws Exception {
		JsonNode body = SimulatorRequests.MAPPER.readTree("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":3,"
				+ "\"tools\":[{\"name\":\"search\",\"input_schema\":{\"type\":\"object\",\"properties\":"
				+ "{\"query\":{\"type\":\"string\"}}}}],\"messages\":[{\"role\":\"user\",\"content\":\"search it\"}]}");
		Reply capped = this.generator.generate(body, 3, () -> "toolu_1");
		assertThat(capped.stopReason()).isEqualTo("max_tokens");
		assertThat(capped.outputTokens()).isEqualTo(3);
		assertThat(capped.blocks()).singleElement().isInstanceOf(TextBlock.class);
		Reply call = this.generator.generate(body, 100, () -> "toolu_1");
		assertThat(call.stopReason()).isEqualTo("tool_use");
		assertThat(call.blocks()).hasSize(2).last().isInstanceOf(ToolUseBlock.class);
	}

}
