package dev.clauderesilience.test;

/**
 * The {@code error.type} and a typical message of each HTTP status the API answers.
 */
final class ErrorTypes {

	private ErrorTypes() {
	}

	static String typeOf(int status) {
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
			default -> "api_error";
		};
	}

	static String messageOf(int status) {
		return switch (status) {
			case 400 -> "Simulated invalid request";
			case 401 -> "invalid x-api-key";
			case 402 -> "Your credit balance is too low to access the Anthropic API.";
			case 403 -> "Your API key does not have permission to use the specified resource.";
			case 404 -> "The requested resource could not be found.";
			case 409 -> "Conflict";
			case 413 -> "Request exceeds the maximum allowed number of bytes.";
			case 429 -> "Number of requests has exceeded your rate limit. Please retry after the time in the retry-after header.";
			case 504 -> "Request timed out";
			case 529 -> "Overloaded";
			default -> "Internal server error";
		};
	}

}
