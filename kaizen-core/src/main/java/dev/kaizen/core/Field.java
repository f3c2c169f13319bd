package dev.kaizen.core;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One input or output field of a {@link Signature}.
 *
 * <p>A field is either required, or optional with a default that is applied when the caller
 * leaves it out. An optional field without a default is simply absent from the validated inputs
 * when not given. Create fields with {@link #required} and {@link #optional}:
 *
 * <pre>{@code
 * Field question = Field.required("question", FieldType.STRING, "What the user asks");
 * Field count = Field.optional("count", FieldType.INTEGER, "How many answers", 3);
 * }</pre>
 *
 * @param name a Java-style identifier, unique within its signature
 * @param type the field's JSON type
 * @param description what the field means; shown to models, in JSON Schema and in help texts
 * @param required whether a caller must give a value
 * @param defaultValue the value used when an optional field is left out, normalised to the
 *     type's Java form; {@code null} for required fields and for optional fields without one
 */
public record Field(String name, FieldType type, String description, boolean required,
        @Nullable Object defaultValue) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /**
     * Validates the field as it is created.
     *
     * @throws IllegalArgumentException if the name is not an identifier, a required field has a
     *     default, or the default does not match the type
     */
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("field name '" + name
                    + "' is not a valid identifier: use 1 to 64 letters, digits or '_', not starting with a digit");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("field '" + name + "' is required and cannot have a default");
        }
        if (defaultValue != null) {
            FieldValues.Checked checked = FieldValues.check(type, defaultValue);
            if (!checked.isOk()) {
                throw new IllegalArgumentException("default of field '" + name + "': " + checked.problem());
            }
            defaultValue = checked.value();
        }
    }

    /**
     * A field the caller must always give.
     *
     * @param name the field name, an identifier
     * @param type the field type
     * @param description what the field means
     * @return the field
     */
    public static Field required(String name, FieldType type, String description) {
        return new Field(name, type, description, true, null);
    }

    /**
     * An optional field, with the value used when the caller leaves it out.
     *
     * @param name the field name, an identifier
     * @param type the field type
     * @param description what the field means
     * @param defaultValue the default, of the field's type; {@code null} for none
     * @return the field
     */
    public static Field optional(String name, FieldType type, String description, @Nullable Object defaultValue) {
        return new Field(name, type, description, false, defaultValue);
    }
}
