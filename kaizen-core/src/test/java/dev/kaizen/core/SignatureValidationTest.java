package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignatureValidationTest {

    private final Signature signature = Signature.builder()
            .input("question", FieldType.STRING, "What the user asks")
            .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
            .optionalInput("ratio", FieldType.NUMBER, "A ratio", null)
            .optionalInput("verbose", FieldType.BOOLEAN, "Talk more", false)
            .optionalInput("tags", FieldType.ARRAY, "Labels", null)
            .optionalInput("options", FieldType.OBJECT, "Options", null)
            .output("answer", FieldType.STRING, "The answer")
            .build();

    @Test
    void appliesDefaultsForFieldsLeftOut() {
        Map<String, Object> valid = signature.validateInputs(Map.of("question", "hi"));

        assertThat(valid).containsExactly(Map.entry("question", "hi"), Map.entry("count", 1L),
                Map.entry("verbose", false));
    }

    @Test
    void givenValuesWinOverDefaults() {
        assertThat(signature.validateInputs(Map.of("question", "hi", "count", 5))).containsEntry("count", 5L);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        InvalidInputException e = invalid(Map.of());

        assertThat(e.errors()).containsExactly(new FieldError("question", "required"));
        assertThat(e.getMessage()).isEqualTo("invalid inputs: question: required");
    }

    @Test
    void explicitNullCountsAsLeftOut() {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("question", null);
        inputs.put("count", null);

        assertThat(invalid(inputs).errors()).containsExactly(new FieldError("question", "required"));
        inputs.put("question", "hi");
        assertThat(signature.validateInputs(inputs)).containsEntry("count", 1L);
    }

    @Test
    void nullInputMapCountsAsNoInputs() {
        assertThat(invalid(null).errors()).containsExactly(new FieldError("question", "required"));
    }

    @Test
    void wrongTypeIsNamedWithExpectedAndActualType() {
        assertThat(invalid(Map.of("question", 42)).errors())
                .containsExactly(new FieldError("question", "expected string, got integer"));
        assertThat(invalid(Map.of("question", "q", "count", "3")).errors())
                .containsExactly(new FieldError("count", "expected integer, got string"));
        assertThat(invalid(Map.of("question", "q", "verbose", "yes")).errors())
                .containsExactly(new FieldError("verbose", "expected boolean, got string"));
        assertThat(invalid(Map.of("question", "q", "tags", "a,b")).errors())
                .containsExactly(new FieldError("tags", "expected array, got string"));
        assertThat(invalid(Map.of("question", "q", "options", List.of())).errors())
                .containsExactly(new FieldError("options", "expected object, got array"));
        assertThat(invalid(Map.of("question", "q", "ratio", true)).errors())
                .containsExactly(new FieldError("ratio", "expected number, got boolean"));
    }

    @Test
    void unknownFieldsAreNamed() {
        assertThat(invalid(Map.of("question", "q", "qestion", "typo")).errors())
                .containsExactly(new FieldError("qestion", "unknown field"));
    }

    @Test
    void everyProblemIsListedAtOnceInSignatureOrderUnknownLast() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("zeta", 1);
        inputs.put("verbose", "no");
        inputs.put("count", 2.5);
        inputs.put("alpha", 2);

        InvalidInputException e = invalid(inputs);

        assertThat(e.errors()).containsExactly(
                new FieldError("question", "required"),
                new FieldError("count", "expected integer, got number 2.5"),
                new FieldError("verbose", "expected boolean, got string"),
                new FieldError("alpha", "unknown field"),
                new FieldError("zeta", "unknown field"));
        assertThat(e.getMessage()).isEqualTo("invalid inputs: question: required; count: expected integer, got "
                + "number 2.5; verbose: expected boolean, got string; alpha: unknown field; zeta: unknown field");
    }

    @Test
    void integersAreNormalisedToLongIncludingWholeDecimals() {
        for (Object whole : List.of(7, 7L, (short) 7, (byte) 7, 7.0, new BigDecimal("7.00"), BigInteger.valueOf(7))) {
            assertThat(signature.validateInputs(Map.of("question", "q", "count", whole)))
                    .as("count = %s (%s)", whole, whole.getClass().getSimpleName())
                    .containsEntry("count", 7L);
        }
    }

    @Test
    void integersOutsideTheLongRangeAreRejected() {
        BigInteger huge = BigInteger.TWO.pow(70);

        assertThat(invalid(Map.of("question", "q", "count", huge)).errors()).containsExactly(
                new FieldError("count", "expected integer in the 64-bit range, got " + huge));
    }

    @Test
    void numbersAreNormalisedToDoubleAndMustBeFinite() {
        assertThat(signature.validateInputs(Map.of("question", "q", "ratio", 2))).containsEntry("ratio", 2.0);
        assertThat(signature.validateInputs(Map.of("question", "q", "ratio", new BigDecimal("0.25"))))
                .containsEntry("ratio", 0.25);
        assertThat(invalid(Map.of("question", "q", "ratio", Double.NaN)).errors())
                .containsExactly(new FieldError("ratio", "expected a finite number, got NaN"));
    }

    @Test
    void arraysAcceptListsSetsAndJavaArraysAndKeepNulls() {
        assertThat(signature.validateInputs(Map.of("question", "q", "tags", Set.of("x"))))
                .containsEntry("tags", List.of("x"));
        assertThat(signature.validateInputs(Map.of("question", "q", "tags", new String[] { "a", null })))
                .containsEntry("tags", java.util.Arrays.asList("a", null));
    }

    @Test
    void objectsMustHaveStringKeys() {
        assertThat(signature.validateInputs(Map.of("question", "q", "options", Map.of("k", 1))))
                .containsEntry("options", Map.of("k", 1));
        assertThat(invalid(Map.of("question", "q", "options", Map.of(1, "one"))).errors())
                .containsExactly(new FieldError("options", "expected object with string keys, got key integer"));
    }

    @Test
    void validatedInputsCannotBeChanged() {
        Map<String, Object> valid = signature.validateInputs(Map.of("question", "q"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> valid.put("question", "other"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void outputValidationNamesTheAgentAndEachFieldAndDropsUndeclaredFields() {
        AgentOutputException e = catchThrowableOfType(AgentOutputException.class,
                () -> signature.validateOutputs("qa", Map.of("answr", "typo")));

        assertThat(e.agentName()).isEqualTo("qa");
        assertThat(e.errors()).containsExactly(new FieldError("answer", "required"));
        assertThat(e.getMessage()).isEqualTo("agent 'qa' gave an unusable answer: answer: required");
        assertThat(signature.validateOutputs("qa", Map.of("answer", "yes", "extra", 1)))
                .containsExactly(Map.entry("answer", "yes"));
    }

    private InvalidInputException invalid(Map<String, ?> inputs) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> signature.validateInputs(inputs));
        assertThat(e).as("inputs %s should be rejected", inputs).isNotNull();
        return e;
    }
}
