package dev.reactiongateway.idempotency;

/**
 * The result of claiming a key: either this request now owns it ({@link #acquired()}, with a handle
 * only the owner holds), or what another request left there.
 *
 * @param key the store key
 * @param handle the owner's proof of ownership; null when not acquired
 * @param existingFingerprint the fingerprint of the request that holds the key; null when acquired
 * @param existingAnswer the stored answer; null when acquired or still in flight
 */
public record Claim(
    String key, String handle, String existingFingerprint, StoredAnswer existingAnswer) {

  static Claim acquired(String key, String handle) {
    return new Claim(key, handle, null, null);
  }

  static Claim taken(String key, String fingerprint, StoredAnswer answer) {
    return new Claim(key, null, fingerprint, answer);
  }

  public boolean acquired() {
    return handle != null;
  }

  public boolean inFlight() {
    return !acquired() && existingAnswer == null;
  }
}
