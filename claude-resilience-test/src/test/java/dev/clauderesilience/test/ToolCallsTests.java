package dev.clauderesilience.test;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallsTests {

	private static final String WEATHER = "{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
			+ "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"},"
			+ "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\",\"days\"]}}";

	private static final String SEARCH = "{\"name\":\"search\",\"input_schema\":{\"type\":\"object\","
			+ "\"properties\":{\"query\":{\"type\":\"string\"}}}}";

	private static final String TOOLS = "[" + WEATHER + "," + SEARCH + "]";

	@Test
	void callWhenPromptNamesAToolShouldCallItWithGivenValuesAfterAPreamble() {
		ToolCalls.Call call = ToolCalls.call(request(TOOLS, null, user("\"Use GET_WEATHER for city: Paris. days=3\"")),
				1);
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(call.input().toString()).isEqualTo("{\"city\":\"Paris\",\"days\":3}");
		assertThat(call.preamble()).isEqualTo("I will use the get_weather tool.");
	}

	@Test
	void callWhenValueIsQuotedShouldKeepItsSpaces() {
		ToolCalls.Call call = ToolCalls.call(request(TOOLS, null, user("\"search query='New York hotels'\"")), 1);
		assertThat(call.input().toString()).isEqualTo("{\"query\":\"New York hotels\"}");
	}

	@Test
	void callWhenNameIsOnlyPartOfAWordShouldNotCall() {
		for (String prompt : new String[] { "\"forget_weather now\"", "\"get_weathers\"", "\"researching\"",
				"\"no tool here\"" }) {
			assertThat(ToolCalls.call(request(TOOLS, null, user(prompt)), 1)).as(prompt).isNull();
		}
	}

	@Test
	void callWhenSeveralToolsNamedShouldCallTheOneNamedFirst() {
		ToolCalls.Call call = ToolCalls.call(request(TOOLS, null, user("\"search, then get_weather\"")), 1);
		assertThat(call.name()).isEqualTo("search");
	}

	@Test
	void callWhenNothingRequiredShouldFillEveryPropertyByType() {
		String tool = "[{\"name\":\"all\",\"input_schema\":{\"type\":\"object\",\"properties\":{"
				+ "\"text\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"},\"ratio\":{\"type\":\"number\"},"
				+ "\"flag\":{\"type\":\"boolean\"},\"mode\":{\"enum\":[\"fast\",\"slow\"]},\"tags\":{\"type\":\"array\"},"
				+ "\"extra\":{\"type\":\"object\"},\"maybe\":{\"type\":[\"null\",\"integer\"]}}}}]";
		JsonNode request = request(tool, null, user("\"call all\""));
		JsonNode input = ToolCalls.call(request, 7).input();
		assertThat(input.get("text").isTextual()).isTrue();
		assertThat(input.get("text").asText()).isNotBlank().isEqualTo(ToolCalls.call(request, 7).input().get("text").asText());
		assertThat(input.get("count").asLong()).isEqualTo(1);
		assertThat(input.get("ratio").isIntegralNumber()).isTrue();
		assertThat(input.get("ratio").asLong()).isEqualTo(1);
		assertThat(input.get("flag").asBoolean()).isTrue();
		assertThat(input.get("mode").asText()).isEqualTo("fast");
		assertThat(input.get("tags").isArray()).isTrue();
		assertThat(input.get("extra").isObject()).isTrue();
		assertThat(input.get("maybe").asLong()).isEqualTo(1);
		JsonNode given = ToolCalls.call(request(tool, null, user("\"all ratio=0.5 flag=false count=x mode: slow\"")), 7)
			.input();
		assertThat(given.get("ratio").asDouble()).isEqualTo(0.5);
		assertThat(given.get("flag").asBoolean()).isFalse();
		assertThat(given.get("count").asLong()).isEqualTo(1);
		assertThat(given.get("mode").asText()).isEqualTo("slow");
	}

	@Test
	void toolChoiceToolShouldAlwaysCallThatToolWithoutPreamble() {
		String choice = "{\"type\":\"tool\",\"name\":\"search\"}";
		for (JsonNode request : new JsonNode[] { request(TOOLS, choice, user("\"Hello\"")),
				request(TOOLS, choice, user("\"get_weather please\"")), request(TOOLS, choice, toolResultRound()) }) {
			ToolCalls.Call call = ToolCalls.call(request, 1);
			assertThat(call.name()).isEqualTo("search");
			assertThat(call.preamble()).isNull();
		}
	}

	@Test
	void toolChoiceAnyShouldCallTheNamedToolElseTheFirst() {
		String any = "{\"type\":\"any\"}";
		assertThat(ToolCalls.call(request(TOOLS, any, user("\"search it\"")), 1).name()).isEqualTo("search");
		assertThat(ToolCalls.call(request(TOOLS, any, user("\"Hello\"")), 1).name()).isEqualTo("get_weather");
		assertThat(ToolCalls.call(request(TOOLS, any, user("\"Hello\"")), 1).preamble()).isNull();
	}

	@Test
	void toolChoiceNoneShouldNeverCall() {
		assertThat(ToolCalls.call(request(TOOLS, "{\"type\":\"none\"}", user("\"search it\"")), 1)).isNull();
		assertThat(ToolCalls.call(request("[]", null, user("\"search it\"")), 1)).isNull();
	}

	@Test
	void resultWhenLastUserMessageHasToolResultsShouldSummarizeThemAndNotCallAgain() {
		JsonNode request = request(TOOLS, null, toolResultRound());
		assertThat(ToolCalls.call(request, 1)).isNull();
		assertThat(ToolCalls.resultSummary(request)).isEqualTo(
				"The get_weather tool returned: 15 degrees and sunny\nThe tool failed: no such id\nThe search tool returned nothing.");
		assertThat(ToolCalls.resultSummary(request(TOOLS, null, user("\"get_weather\"")))).isNull();
	}

	private static String user(String content) {
		return "[{\"role\":\"user\",\"content\":" + content + "}]";
	}

	private static String toolResultRound() {
		return "[{\"role\":\"user\",\"content\":\"Weather in Paris? Use get_weather\"},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"I will.\"},"
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}},"
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_3\",\"name\":\"search\",\"input\":{}}]},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
				+ "\"content\":[{\"type\":\"text\",\"text\":\"15 degrees\"},{\"type\":\"text\",\"text\":\"and sunny\"}]},"
				+ "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"is_error\":true,\"content\":\"no such id\"},"
				+ "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_3\",\"content\":\"\"}]}]";
	}

	private static JsonNode request(String tools, String toolChoice, String messages) {
		String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"tools\":" + tools
				+ ((toolChoice != null) ? ",\"tool_choice\":" + toolChoice : "") + ",\"messages\":" + messages + "}";
		try {
			return SimulatorRequests.MAPPER.readTree(body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
