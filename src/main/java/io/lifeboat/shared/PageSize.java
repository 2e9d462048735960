package io.lifeboat.shared;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The {@code size} of a page of an API list: one answer says what to send, whichever bound was crossed. */
@Min(1)
@Max(PageSize.MAX)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PageSize {

    int MAX = 500;

    String message() default "Send a page size from 1 to " + MAX + ".";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
