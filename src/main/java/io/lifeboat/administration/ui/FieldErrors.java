package io.lifeboat.administration.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.lifeboat.tenancy.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Shows a service's {@link InvalidInputException} next to the field it names, or as a notification for the whole form. */
final class FieldErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    FieldErrors bind(String name, HasValidation field) {
        fields.put(name, field);
        return this;
    }

    void clear() {
        fields.values().forEach(field -> field.setInvalid(false));
    }

    /** Runs the action; a refusal is shown where it belongs and false returned. */
    boolean attempt(Runnable action) {
        return attemptAndGet(() -> {
            action.run();
            return true;
        }).isPresent();
    }

    /** Runs the action and gives its result; a refusal is shown where it belongs and nothing returned. */
    <T> Optional<T> attemptAndGet(Supplier<T> action) {
        clear();
        try {
            return Optional.of(action.get());
        } catch (InvalidInputException e) {
            HasValidation field = e.field() == null ? null : fields.get(e.field());
            if (field != null) {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            } else {
                notify(e.getMessage());
            }
            return Optional.empty();
        }
    }

    static void notify(String message) {
        Notification notification = Notification.show(message, 8000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("error-notification");
    }

    static void success(String message) {
        Notification notification = Notification.show(message, 4000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
