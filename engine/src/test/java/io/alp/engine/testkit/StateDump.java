package io.alp.engine.testkit;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A canonical text of everything an object holds, found by reflection: every field of the project's own classes
 * but transient ones (caches of what the other fields give), however deep, with lists and insertion-ordered maps and
 * sets in their order and unordered ones sorted. Two objects with equal dumps hold the same facts; a field a copy
 * forgot shows up in the dump without naming it here.
 */
public final class StateDump {

    private StateDump() {
    }

    public static String of(Object o) {
        StringBuilder out = new StringBuilder();
        dump(o, out);
        return out.toString();
    }

    private static void dump(Object o, StringBuilder out) {
        if (o == null || o instanceof CharSequence || o instanceof Number || o instanceof Boolean
                || o instanceof Character || o instanceof Enum<?>) {
            out.append(o);
        } else if (o.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(o); i++) {
                items.add(Array.get(o, i));
            }
            dumpAll(items, true, out);
        } else if (o instanceof Map<?, ?> m) {
            List<String> entries = new ArrayList<>();
            m.forEach((k, v) -> entries.add(of(k) + "=" + of(v)));
            boolean ordered = m instanceof LinkedHashMap || m instanceof SortedMap || m instanceof EnumMap;
            dumpAll(entries, ordered, out);
        } else if (o instanceof Collection<?> c) {
            boolean ordered = c instanceof List || c instanceof LinkedHashSet || c instanceof SortedSet;
            dumpAll(c, ordered, out);
        } else if (o.getClass().getName().startsWith("io.alp.")) {
            out.append(o.getClass().getSimpleName()).append('{');
            for (Class<?> k = o.getClass(); k != Object.class && k != Record.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                        out.append(f.getName()).append(':');
                        dump(read(f, o), out);
                        out.append(' ');
                    }
                }
            }
            out.append('}');
        } else {
            out.append(o);
        }
    }

    private static void dumpAll(Collection<?> items, boolean ordered, StringBuilder out) {
        List<String> dumped = new ArrayList<>(items.stream().map(StateDump::of).toList());
        if (!ordered) {
            dumped.sort(null);
        }
        out.append('[').append(String.join(", ", dumped)).append(']');
    }

    private static Object read(Field f, Object o) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + f + " to dump it", e);
        }
    }
}
