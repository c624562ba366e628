package dev.clauderesilience.test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulator's deterministic tool rules. A tool is called when {@code tool_choice} forces one
 * ({@code tool}: that one; {@code any}: the one the prompt names, else the first), or, with
 * {@code auto} or no choice, when the text of the last user message names an offered tool as a
 * word (case-insensitive) and that message holds no {@code tool_result}; {@code none} never calls
 * one. A last user message with {@code tool_result} blocks is otherwise answered with their
 * content. The input has each required property (all of them when none is required): the value
 * the prompt gives as {@code name=value} or {@code name: value} (quoted when it has spaces), else
 * the first {@code enum} value, else a word for strings, 1 for numbers and {@code true} for
 * booleans.
 */
final class ToolCalls {

	private static final String WORD_EDGE = "[\\w-]";

	private ToolCalls() {
	}

	/**
	 * The tool call the request gets, or {@code null}.
	 */
	static Call call(JsonNode body, long seed) {
		JsonNode tools = body.path("tools");
		String choice = body.path("tool_choice").path("type").asText("auto");
		if (!tools.isArray() || tools.isEmpty() || choice.equals("none")) {
			return null;
		}
		JsonNode lastUser = lastUserMessage(body);
		String prompt = text(lastUser.path("content"));
		JsonNode tool = switch (choice) {
			case "tool" -> find(tools, body.path("tool_choice").path("name").asText());
			case "any" -> {
				JsonNode named = named(tools, prompt);
				yield (named != null) ? named : tools.get(0);
			}
			default -> hasToolResult(lastUser) ? null : named(tools, prompt);
		};
		if (tool == null) {
			return null;
		}
		String name = tool.path("name").asText();
		// as the API, no words before a call the request forces
		String preamble = choice.equals("auto") ? "I will use the " + name + " tool." : null;
		return new Call(name, input(tool.path("input_schema"), prompt, seed), preamble);
	}

	/**
	 * The answer to the {@code tool_result} blocks of the last user message, or {@code null}
	 * when it has none.
	 */
	static String resultSummary(JsonNode body) {
		JsonNode lastUser = lastUserMessage(body);
		if (!hasToolResult(lastUser)) {
			return null;
		}
		List<String> summaries = new ArrayList<>();
		for (JsonNode block : lastUser.path("content")) {
			if (!"tool_result".equals(block.path("type").asText())) {
				continue;
			}
			String name = toolName(body, block.path("tool_use_id").asText());
			String tool = (name != null) ? "The " + name + " tool" : "The tool";
			String content = text(block.path("content"));
			if (block.path("is_error").asBoolean(false)) {
				summaries.add(tool + " failed: " + content);
			}
			else {
				summaries.add(content.isEmpty() ? tool + " returned nothing." : tool + " returned: " + content);
			}
		}
		return String.join("\n", summaries);
	}

	/**
	 * The text of a content: the string itself, or the text of its {@code text} blocks.
	 */
	static String text(JsonNode content) {
		if (content.isTextual()) {
			return content.textValue();
		}
		List<String> texts = new ArrayList<>();
		for (JsonNode block : content) {
			if ("text".equals(block.path("type").asText())) {
				texts.add(block.path("text").asText());
			}
		}
		return String.join(" ", texts);
	}

	private static JsonNode lastUserMessage(JsonNode body) {
		JsonNode messages = body.path("messages");
		for (int i = messages.size() - 1; i >= 0; i--) {
			if ("user".equals(messages.get(i).path("role").asText())) {
				return messages.get(i);
			}
		}
		return JsonNodeFactory.instance.objectNode();
	}

	private static boolean hasToolResult(JsonNode message) {
		for (JsonNode block : message.path("content")) {
			if ("tool_result".equals(block.path("type").asText())) {
				return true;
			}
		}
		return false;
	}

	private static String toolName(JsonNode body, String toolUseId) {
		for (JsonNode message : body.path("messages")) {
			if (!"assistant".equals(message.path("role").asText())) {
				continue;
			}
			for (JsonNode block : message.path("content")) {
				if ("tool_use".equals(block.path("type").asText()) && toolUseId.equals(block.path("id").asText())) {
					return block.path("name").asText(null);
				}
			}
		}
		return null;
	}

	private static JsonNode find(JsonNode tools, String name) {
		for (JsonNode tool : tools) {
			if (name.equals(tool.path("name").asText())) {
				return tool;
			}
		}
		return null;
	}

	/**
	 * The offered tool the prompt names first.
	 */
	private static JsonNode named(JsonNode tools, String prompt) {
		JsonNode first = null;
		int firstAt = Integer.MAX_VALUE;
		for (JsonNode tool : tools) {
			String name = tool.path("name").asText();
			if (name.isEmpty()) {
				continue;
			}
			Matcher matcher = Pattern
				.compile("(?<!" + WORD_EDGE + ")" + Pattern.quote(name) + "(?!" + WORD_EDGE + ")",
						Pattern.CASE_INSENSITIVE)
				.matcher(prompt);
			if (matcher.find() && matcher.start() < firstAt) {
				first = tool;
				firstAt = matcher.start();
			}
		}
		return first;
	}

	private static ObjectNode input(JsonNode schema, String prompt, long seed) {
		ObjectNode input = JsonNodeFactory.instance.objectNode();
		JsonNode properties = schema.path("properties");
		List<String> names = new ArrayList<>();
		schema.path("required").forEach((name) -> names.add(name.asText()));
		if (names.isEmpty()) {
			properties.fieldNames().forEachRemaining(names::add);
		}
		for (String name : names) {
			JsonNode property = properties.path(name);
			String given = givenValue(prompt, name);
			JsonNode enumValues = property.path("enum");
			if (given == null && enumValues.isArray() && !enumValues.isEmpty()) {
				input.set(name, enumValues.get(0));
				continue;
			}
			switch (type(property)) {
				case "integer" -> input.put(name, asLong(given, 1));
				case "number" -> input.set(name, number(given));
				case "boolean" -> input.put(name, given == null || !given.equalsIgnoreCase("false"));
				case "array" -> input.putArray(name);
				case "object" -> input.putObject(name);
				default -> input.put(name,
						(given != null) ? given : ReplyGenerator.word(ReplyGenerator.hash(name) ^ seed));
			}
		}
		return input;
	}

	private static String type(JsonNode property) {
		JsonNode type = property.path("type");
		if (type.isArray()) {
			for (Iterator<JsonNode> types = type.elements(); types.hasNext();) {
				String candidate = types.next().asText();
				if (!candidate.equals("null")) {
					return candidate;
				}
			}
		}
		return type.asText("string").toLowerCase(Locale.ROOT);
	}

	/**
	 * The value the prompt gives a property as {@code name=value} or {@code name: value}.
	 */
	private static String givenValue(String prompt, String name) {
		Matcher matcher = Pattern
			.compile("(?<!" + WORD_EDGE + ")" + Pattern.quote(name) + "\\s*[=:]\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s,;]+))",
					Pattern.CASE_INSENSITIVE)
			.matcher(prompt);
		if (!matcher.find()) {
			return null;
		}
		if (matcher.group(3) == null) {
			return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		}
		// an unquoted value ends a sentence without its punctuation
		return matcher.group(3).replaceAll("[.!?)]+$", "");
	}

	private static long asLong(String value, long otherwise) {
		try {
			return (value != null) ? Long.parseLong(value) : otherwise;
		}
		catch (NumberFormatException ex) {
			return otherwise;
		}
	}

	private static JsonNode number(String value) {
		if (value == null) {
			return JsonNodeFactory.instance.numberNode(1L);
		}
		try {
			return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
		}
		catch (NumberFormatException ex) {
			// not a whole number
		}
		try {
			return JsonNodeFactory.instance.numberNode(Double.parseDouble(value));
		}
		catch (NumberFormatException ex) {
			return JsonNodeFactory.instance.numberNode(1L);
		}
	}

	/**
	 * A tool call: the tool's name, its input and the words said before it, if any.
	 */
	record Call(String name, ObjectNode input, String preamble) {
	}

}
