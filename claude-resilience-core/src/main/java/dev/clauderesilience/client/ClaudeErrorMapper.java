package dev.clauderesilience.client;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clauderesilience.client.ClaudeApiException.ErrorDetails;

/**
 * The one place that turns an HTTP error answer into a typed exception. The status decides the
 * type (a gateway's HTML 502 is still an {@link ClaudeApiException.ApiError}); the body only
 * adds detail, and is read leniently.
 */
final class ClaudeErrorMapper {

	private static final int MAX_RAW_BODY = 200;

	private ClaudeErrorMapper() {
	}

	static ClaudeApiException map(int status, String body, RateLimitSnapshot rateLimits) {
		ErrorDetails details = details(status, body, rateLimits);
		if (ClaudeApiException.SpendCap.matches(details)) {
			return new ClaudeApiException.SpendCap(details);
		}
		return switch (status) {
			case 400 -> new ClaudeApiException.InvalidRequest(details);
			case 401 -> new ClaudeApiException.Authentication(details);
			case 402 -> new ClaudeApiException.Billing(details);
			case 403 -> new ClaudeApiException.PermissionDenied(details);
			case 404 -> new ClaudeApiException.NotFound(details);
			case 409 -> new ClaudeApiException.Conflict(details);
			case 413 -> new ClaudeApiException.RequestTooLarge(details);
			case 429 -> new ClaudeApiException.RateLimited(details);
			case 504 -> new ClaudeApiException.Timeout(details);
			case 529 -> new ClaudeApiException.Overloaded(details);
			default -> (status >= 500 && status < 600) ? new ClaudeApiException.ApiError(details)
					: new ClaudeApiException.UnknownStatus(details);
		};
	}

	private static ErrorDetails details(int status, String body, RateLimitSnapshot rateLimits) {
		JsonNode error = parseError(body);
		String type = (error != null) ? ClaudeJson.text(error, "type") : null;
		String message = (error != null) ? ClaudeJson.text(error, "message") : null;
		String errorCode = (error != null) ? error.path("details").path("error_code").asText(null) : null;
		if (message == null) {
			message = rawSummary(body);
		}
		return new ErrorDetails(status, (type != null) ? type : defaultType(status), message, errorCode, rateLimits);
	}

	private static JsonNode parseError(String body) {
		if (body == null || body.isBlank() || body.charAt(0) != '{') {
			return null;
		}
		try {
			JsonNode error = ClaudeJson.MAPPER.readTree(body).get("error");
			return (error != null && error.isObject()) ? error : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	private static String rawSummary(String body) {
		if (body == null || body.isBlank()) {
			return "(empty body)";
		}
		String flat = body.replaceAll("\\s+", " ").trim();
		return (flat.length() > MAX_RAW_BODY) ? flat.substring(0, MAX_RAW_BODY) + "..." : flat;
	}

	private static String defaultType(int status) {
		return switch (status) {
			case 400 -> "invalid_request_error";
			case 401 -> "authentication_error";
			case 402 -> "billing_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 409 -> "conflict_error";
			case 413 -> "request_too_large";
			case 429 -> "rate_limit_error";
			case 504 -> "timeout_error";
			case 529 -> "overloaded_error";
			default -> (status >= 500) ? "api_error" : "unknown_error";
		};
	}

}
