package dev.clauderesilience.client;

import okhttp3.mockwebserver.MockResponse;

/**
 * Answers shaped exactly like the Claude API's, for the mock server.
 */
final class ApiPayloads {

	static final String MESSAGE = """
			{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",\
			"model":"claude-sonnet-4-5-20250929",\
			"content":[{"type":"text","text":"Hello! How can I help?"}],\
			"stop_reason":"end_turn","stop_sequence":null,\
			"usage":{"input_tokens":12,"output_tokens":9,"cache_creation_input_tokens":3,"cache_read_input_tokens":100}}""";

	static final String STREAM = """
			event: message_start
			data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}

			event: content_block_start
			data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

			event: ping
			data: {"type": "ping"}

			event: content_block_delta
			data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

			event: content_block_delta
			data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

			event: content_block_stop
			data: {"type":"content_block_stop","index":0}

			event: message_delta
			data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

			event: message_stop
			data: {"type":"message_stop"}

			""";

	private ApiPayloads() {
	}

	static String error(String type, String message) {
		return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
				+ "\"},\"request_id\":\"req_018EeWyXxfu5pfWkrYcMdjWG\"}";
	}

	static MockResponse json(int status, String body) {
		return new MockResponse().setResponseCode(status)
			.setHeader("content-type", "application/json")
			.setHeader("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG")
			.setHeader("anthropic-ratelimit-requests-limit", "50")
			.setHeader("anthropic-ratelimit-requests-remaining", "49")
			.setHeader("anthropic-ratelimit-requests-reset", "2026-11-27T12:00:01Z")
			.setHeader("anthropic-ratelimit-input-tokens-limit", "30000")
			.setHeader("anthropic-ratelimit-input-tokens-remaining", "29000")
			.setHeader("anthropic-ratelimit-input-tokens-reset", "2026-11-27T12:00:02Z")
			.setBody(body);
	}

	static MockResponse sse(String body) {
		return new MockResponse().setResponseCode(200)
			.setHeader("content-type", "text/event-stream; charset=utf-8")
			.setHeader("request-id", "req_stream")
			.setBody(body);
	}

}
