package dev.kaizen.core;

import org.jspecify.annotations.Nullable;

/**
 * The type of a signature field, named after its JSON Schema type.
 *
 * <p>Validated values are normalised to one Java type per field type, so agents never have to
 * guess: {@code string} is a {@link String}, {@code integer} a {@link Long}, {@code number} a
 * {@link Double}, {@code boolean} a {@link Boolean}, {@code array} a {@link java.util.List} and
 * {@code object} a {@link java.util.Map} with string keys.
 */
public enum FieldType {

    /** Text; a {@link String}. */
    STRING("string"),
    /** A whole number in the 64-bit range; a {@link Long}. */
    INTEGER("integer"),
    /** A finite decimal number; a {@link Double}. */
    NUMBER("number"),
    /** {@code true} or {@code false}; a {@link Boolean}. */
    BOOLEAN("boolean"),
    /** A JSON array; a {@link java.util.List}. */
    ARRAY("array"),
    /** A JSON object; a {@link java.util.Map} with string keys. */
    OBJECT("object");

    private final String jsonName;

    FieldType(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * The JSON Schema name of this type, as used in {@code "type"}.
     *
     * @return the lower-case JSON Schema type name
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Names the JSON type of a Java value, for error texts such as {@code expected object, got array}.
     *
     * @param value a value as a JSON parser gives it, or {@code null}
     * @return {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array},
     *     {@code object} or {@code null} (another Java type's simple name otherwise)
     */
    public static String jsonTypeOf(@Nullable Object value) {
        return FieldValues.jsonTypeOf(value);
    }

    /**
     * Looks a type up by its JSON Schema name.
     *
     * @param jsonName a name such as {@code "integer"}
     * @return the matching type
     * @throws IllegalArgumentException if no type has that name
     */
    public static FieldType fromJsonName(String jsonName) {
        for (FieldType type : values()) {
            if (type.jsonName.equals(jsonName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type '" + jsonName
                + "': expected one of string, integer, number, boolean, array, object");
    }
}
