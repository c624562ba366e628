package dev.clauderesilience.client;

/**
 * Rejects, before anything is sent, what the configured API version would answer with a 400,
 * so that no attempt (and no rate-limit capacity) is spent on it.
 *
 * @since 0.1.0
 */
public final class ClaudeRequestValidator {

	/** The most output tokens a request may ask for: the largest output any current model allows. */
	public static final int MAX_TOKENS_LIMIT = 128_000;

	/** The longest tenant id: it keys budgets and appears in logs and metrics. */
	public static final int MAX_TENANT_LENGTH = 128;

	private static final int MAX_MODEL_LENGTH = 128;

	private ClaudeRequestValidator() {
	}

	/**
	 * Checks a request (with defaults applied) against the rules of an API version.
	 * @param request the request
	 * @param version the API version it will be sent with
	 * @param needsMaxTokens whether max_tokens is required (not for count_tokens)
	 * @throws ClaudeRequestValidationException naming the field and the version
	 */
	public static void validate(ClaudeRequest request, ApiVersion version, boolean needsMaxTokens) {
		validate(request, version, needsMaxTokens, ModelAllowList.ANY);
	}

	/**
	 * Checks a request like {@link #validate(ClaudeRequest, ApiVersion, boolean)}, and that its
	 * model is allowed.
	 * @param request the request
	 * @param version the API version it will be sent with
	 * @param needsMaxTokens whether max_tokens is required (not for count_tokens)
	 * @param allowed the models callers may ask for
	 * @throws ClaudeRequestValidationException naming the field and the version
	 */
	public static void validate(ClaudeRequest request, ApiVersion version, boolean needsMaxTokens,
			ModelAllowList allowed) {
		if (request.model() == null || request.model().isBlank()) {
			throw new ClaudeRequestValidationException("model", version,
					"is required (set it on the request or configure claude.model)");
		}
		if (!isModelId(request.model())) {
			throw new ClaudeRequestValidationException("model", version,
					"is not a model id (letters, digits and . _ : @ / -, at most 128)");
		}
		if (!allowed.allows(request.model())) {
			throw new ClaudeRequestValidationException("model", version,
					"'" + request.model() + "' is not one of the allowed models (claude.models.allowed)");
		}
		if (needsMaxTokens && (request.maxTokens() == null || request.maxTokens() < 1)) {
			throw new ClaudeRequestValidationException("max_tokens", version, "must be at least 1");
		}
		if (needsMaxTokens && request.maxTokens() > MAX_TOKENS_LIMIT) {
			throw new ClaudeRequestValidationException("max_tokens", version,
					"must be at most " + MAX_TOKENS_LIMIT + ", the most any model generates");
		}
		if (request.tenant() != null && (request.tenant().isBlank() || request.tenant().length() > MAX_TENANT_LENGTH
				|| request.tenant().chars().anyMatch(Character::isISOControl))) {
			throw new ClaudeRequestValidationException("tenant", version,
					"must be 1 to " + MAX_TENANT_LENGTH + " printable characters");
		}
		if (request.messages().isEmpty()) {
			throw new ClaudeRequestValidationException("messages", version, "at least one message is required");
		}
		if (!version.supportsSamplingParameters()) {
			rejectIfSet("temperature", request.temperature(), version);
			rejectIfSet("top_p", request.topP(), version);
			rejectIfSet("top_k", request.topK(), version);
			for (int i = 0; i < request.messages().size(); i++) {
				validateContentRules(request.messages().get(i), i, version);
			}
		}
	}

	private static void rejectIfSet(String field, Object value, ApiVersion version) {
		if (value != null) {
			throw new ClaudeRequestValidationException(field, version,
					"is not supported by this API version (use anthropic-version 2023-06-01 to set it)");
		}
	}

	private static void validateContentRules(Message message, int index, ApiVersion version) {
		for (int j = 0; j < message.content().size(); j++) {
			ContentBlock block = message.content().get(j);
			String field = "messages[" + index + "].content[" + j + "]";
			if ("assistant".equals(message.role()) && block instanceof ContentBlock.Document) {
				throw new ClaudeRequestValidationException(field, version,
						"a document block is not allowed directly in an assistant message");
			}
			if ("user".equals(message.role()) && block instanceof ContentBlock.Text text && text.hasCitations()) {
				throw new ClaudeRequestValidationException(field + ".citations", version,
						"citations on a user text block are not allowed");
			}
			if ("user".equals(message.role()) && block instanceof ContentBlock.Unknown unknown
					&& "search_result".equals(unknown.type()) && hasCitedText(unknown)) {
				throw new ClaudeRequestValidationException(field + ".citations", version,
						"citations on a text block inside a search result are not allowed");
			}
		}
	}

	private static boolean hasCitedText(ContentBlock.Unknown searchResult) {
		var content = searchResult.extra().get("content");
		if (content == null || !content.isArray()) {
			return false;
		}
		for (var inner : content) {
			var citations = inner.get("citations");
			if ("text".equals(inner.path("type").asText()) && citations != null && citations.isArray()
					&& !citations.isEmpty()) {
				return true;
			}
		}
		return false;
	}

	// a model id as the API names them, [A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}: nothing a log line or
	// a metric could be forged with (checked by hand: this runs twice on every call)
	private static boolean isModelId(String model) {
		if (model.isEmpty() || model.length() > MAX_MODEL_LENGTH || !isAsciiLetterOrDigit(model.charAt(0))) {
			return false;
		}
		for (int i = 1; i < model.length(); i++) {
			char c = model.charAt(i);
			if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '@' && c != '/' && c != '-') {
				return false;
			}
		}
		return true;
	}

	private static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

}
