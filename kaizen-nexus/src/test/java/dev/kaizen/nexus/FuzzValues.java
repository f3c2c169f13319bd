package dev.kaizen.nexus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/** Any JSON-like value from fuzzer data: what a client's JSON can turn into. */
public final class FuzzValues {

    private FuzzValues() {
    }

    /**
     * A field name from fuzzer data, without dots: a client's own name echoed back in an error
     * ("reactor.x: unknown field") must not read as a leaked Java class name to the checks.
     *
     * @param data the fuzzer's data
     * @param length the longest name
     * @return the name
     */
    public static String name(FuzzedDataProvider data, int length) {
        return data.consumeString(length).replace('.', '_');
    }

    /**
     * @param data the fuzzer's data
     * @param depth how deep lists and maps may nest
     * @return a string, number, boolean, null, list or map
     */
    public static Object any(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth > 0 ? 7 : 5)) {
            case 0 -> data.consumeString(40);
            case 1 -> data.consumeInt();
            case 2 -> data.consumeLong();
            case 3 -> data.consumeRegularDouble();
            case 4 -> data.consumeBoolean();
            case 5 -> "";
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    list.add(any(data, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    map.put(name(data, 8), any(data, depth - 1));
                }
                yield map;
            }
        };
    }
}
