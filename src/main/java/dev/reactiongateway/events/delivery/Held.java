package dev.reactiongateway.events.delivery;

/** An event a replica holds for one subscriber: taken from the store, not yet done. */
final class Held {
  final String position;
  final byte[] json;
  final EventHead head;
  int failures;
  long retryTimer = -1;

  Held(String position, byte[] json, EventHead head) {
    this.position = position;
    this.json = json;
    this.head = head;
  }
}
