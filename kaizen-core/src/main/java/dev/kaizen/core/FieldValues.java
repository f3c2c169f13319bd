package dev.kaizen.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Checks a value against a {@link FieldType} and normalises it to the type's Java form.
 *
 * <p>Integers accept any whole number in the 64-bit range, also one written as {@code 3.0},
 * since JSON Schema 2020-12 counts that as an integer. Strings are never converted into
 * numbers or booleans here: that is a channel's job (the shell's options are text), not the
 * validator's.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** The outcome of a check: either a normalised value or a problem text. */
    record Checked(@Nullable Object value, @Nullable String problem) {

        static Checked ok(Object value) {
            return new Checked(value, null);
        }

        static Checked problem(String problem) {
            return new Checked(null, problem);
        }

        boolean isOk() {
            return problem == null;
        }
    }

    static Checked check(FieldType type, Object value) {
        return switch (type) {
            case STRING -> value instanceof CharSequence text ? Checked.ok(text.toString()) : mismatch(type, value);
            case INTEGER -> toLong(value);
            case NUMBER -> toDouble(value);
            case BOOLEAN -> value instanceof Boolean ? Checked.ok(value) : mismatch(type, value);
            case ARRAY -> toList(value);
            case OBJECT -> toMap(value);
        };
    }

    /** The JSON name of a Java value's type, for error texts ("expected integer, got string"). */
    static String jsonTypeOf(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return "integer";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            return "array";
        }
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        return value.getClass().getSimpleName();
    }

    private static Checked mismatch(FieldType expected, Object value) {
        return Checked.problem("expected " + expected.jsonName() + ", got " + jsonTypeOf(value));
    }

    private static Checked toLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Checked.ok(((Number) value).longValue());
        }
        BigDecimal exact = exactDecimal(value);
        if (exact == null) {
            return mismatch(FieldType.INTEGER, value);
        }
        try {
            return Checked.ok(exact.longValueExact());
        }
        catch (ArithmeticException notWholeOrTooLarge) {
            boolean whole = exact.stripTrailingZeros().scale() <= 0;
            return Checked.problem(whole ? "expected integer in the 64-bit range, got " + exact.toPlainString()
                    : "expected integer, got number " + exact.toPlainString());
        }
    }

    private static Checked toDouble(Object value) {
        if (!(value instanceof Number number)) {
            return mismatch(FieldType.NUMBER, value);
        }
        double asDouble = number.doubleValue();
        if (!Double.isFinite(asDouble)) {
            return Checked.problem("expected a finite number, got " + value);
        }
        return Checked.ok(asDouble);
    }

    private static @Nullable BigDecimal exactDecimal(Object value) {
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof BigDecimal big) {
            return big;
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return null;
    }

    private static Checked toList(Object value) {
        // Copies keep null elements: JSON arrays may hold nulls, and List.copyOf would reject them.
        if (value instanceof Collection<?> collection) {
            return Checked.ok(Collections.unmodifiableList(new ArrayList<>(collection)));
        }
        if (value instanceof Object[] array) {
            return Checked.ok(Collections.unmodifiableList(new ArrayList<>(Arrays.asList(array))));
        }
        return mismatch(FieldType.ARRAY, value);
    }

    private static Checked toMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return mismatch(FieldType.OBJECT, value);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                return Checked.problem("expected object with string keys, got key " + jsonTypeOf(entry.getKey()));
            }
            copy.put(key, entry.getValue());
        }
        return Checked.ok(Collections.unmodifiableMap(copy));
    }
}
