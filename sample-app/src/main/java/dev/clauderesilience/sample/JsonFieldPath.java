package dev.clauderesilience.sample;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * The path of the field a request body failed to bind at, from Jackson's exception: the one
 * piece of the problem handler that depends on the Jackson generation the codecs use.
 */
final class JsonFieldPath {

	private JsonFieldPath() {
	}

	/**
	 * The dotted path of the field, {@code [i]} for array elements.
	 * @param ex the binding failure
	 * @return the path, or {@code null} when the failure names no field (the body is not JSON)
	 */
	static String of(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
				return mapping.getPath()
					.stream()
					.map((reference) -> (reference.getFieldName() != null) ? reference.getFieldName()
							: "[" + reference.getIndex() + "]")
					.collect(Collectors.joining("."));
			}
		}
		return null;
	}

}
