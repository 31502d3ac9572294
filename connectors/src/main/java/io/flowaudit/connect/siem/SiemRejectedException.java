package io.flowaudit.connect.siem;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Why the SIEM sink set a record aside for good: the receiver rejected its event (an HTTP 4xx other than 429,
 * a bulk item error, a HEC invalid event), or the record holds no alert or denial. It is what Connect's dead
 * letter queue headers name as the exception.
 */
public final class SiemRejectedException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public SiemRejectedException(String message) {
        super(message);
    }

    public SiemRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
