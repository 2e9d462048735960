package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control channel's wire format: one JSON object per line, one response line per request.
 * Requests: {@code {"op":"apply","desired":{…}}}, {@code {"op":"status"}}, {@code {"op":"probe","ip":"…",
 * "timeoutMs":300}}, {@code {"op":"announce","ip":"…"}}, {@code {"op":"shutdown"}}. Responses: {@code {"ok":true,
 * "status":{…}}} / {@code {"ok":true,"probe":{…}}} / {@code {"ok":false,"error":"…"}}.
 */
public final class ControlProtocol {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ControlProtocol() {
    }
}
