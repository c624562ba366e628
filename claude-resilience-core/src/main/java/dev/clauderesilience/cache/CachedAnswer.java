package dev.clauderesilience.cache;

import java.io.Serializable;

/**
 * What the response cache stores: the answer in the API's JSON form (so that any cache
 * provider, in memory or remote, can hold it) and when it was stored.
 *
 * @param json the response JSON
 * @param storedAtMillis when it was stored, epoch milliseconds
 * @since 0.1.0
 */
public record CachedAnswer(String json, long storedAtMillis) implements Serializable {
}
