package io.flowaudit.connect.siem;

/** What a transport reports about each event of a batch, exactly once per event that reached an outcome. */
interface DeliveryListener {

    /** The receiver accepted the event (or already had it: a duplicate after a redelivery). */
    void delivered(EncodedEvent event);

    /**
     * The receiver rejected the event for good (an HTTP 4xx other than 429 for it); retrying would not help.
     *
     * @param reason what the receiver said, without secrets
     */
    void rejected(EncodedEvent event, String reason);
}
