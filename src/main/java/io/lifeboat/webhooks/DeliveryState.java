package io.lifeboat.webhooks;

/** PENDING: waiting for its (next) attempt; DELIVERED: the receiver answered 2xx; FAILED: every attempt failed. */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED
}
