package io.lifeboat.api;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * What a script sent wrong, field by field, named as it sent them ({@code vms[0].restorePointId}, {@code size}): the
 * problem detail's {@code detail} lists them as "field: what to send", and its {@code errors} property has one
 * {@link FieldProblem} each, for a program.
 */
final class InvalidRequests {

    /** One field a request got wrong, and what to send instead. */
    record FieldProblem(String field, String message) {
    }

    static List<FieldProblem> of(MethodArgumentNotValidException e) {
        return e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage())).toList();
    }

    static List<FieldProblem> of(HandlerMethodValidationException e) {
        return e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(nameSent(result.getMethodParameter()), error.getDefaultMessage())))
                .toList();
    }

    static ProblemDetail describe(ProblemDetail body, List<FieldProblem> problems) {
        List<FieldProblem> sorted = problems.stream().sorted(Comparator.comparing(FieldProblem::field)).toList();
        body.setDetail(sorted.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        body.setProperty("errors", sorted);
        return body;
    }

    /**
     * Says that the body is missing, where the JSON breaks, or names the field of a value of the wrong kind or one our
     * type refused; Spring's own words otherwise.
     */
    static ProblemDetail describeUnreadable(ProblemDetail body, HttpMessageNotReadableException e) {
        StreamReadException notJson = cause(e, StreamReadException.class);
        MismatchedInputException wrongKind = cause(e, MismatchedInputException.class);
        JsonMappingException mapping = cause(e, JsonMappingException.class);
        // a value our own type refused while it was read (an unknown webhook event): its message says what exists
        IllegalArgumentException refused = mapping == null || mapping.getPath().isEmpty() ? null : cause(mapping, IllegalArgumentException.class);
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            body.setDetail("The request has no body: send its JSON as documented at /api/v1/docs.");
        } else if (notJson != null && notJson.getLocation() != null) {
            body.setDetail("The request body is not valid JSON (line " + notJson.getLocation().getLineNr() + ", column "
                    + notJson.getLocation().getColumnNr() + ").");
        } else if (wrongKind != null && !wrongKind.getPath().isEmpty()) {
            return describe(body, List.of(new FieldProblem(path(wrongKind.getPath()), "Send " + kindOf(wrongKind.getTargetType()) + ".")));
        } else if (refused != null) {
            return describe(body, List.of(new FieldProblem(path(mapping.getPath()), refused.getMessage())));
        }
        return body;
    }

    /** A query parameter or path variable of the wrong kind: {@code ?state=BOGUS}, {@code /replicas/web-01}. */
    static ProblemDetail describeMismatch(ProblemDetail body, TypeMismatchException e) {
        if (e.getPropertyName() == null) {
            return body;
        }
        return describe(body, List.of(new FieldProblem(e.getPropertyName(), "Send " + kindOf(e.getRequiredType()) + ".")));
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String kindOf(Class<?> type) {
        if (type == null) {
            return "a value of the documented type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name()).collect(Collectors.joining(", "));
        }
        return type == String.class ? "text" : "an object";
    }

    private static String nameSent(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        return param != null && !param.name().isEmpty() ? param.name() : parameter.getParameterName();
    }

    private InvalidRequests() {
    }
}
