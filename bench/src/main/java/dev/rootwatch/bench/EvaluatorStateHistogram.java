package dev.rootwatch.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live heap by class (the JVM's class histogram, taken after a full collection), and what
 * grew between two of them: it says which objects a heap delta is made of, so a figure for "the
 * evaluator's state" can be checked rather than believed.
 */
final class EvaluatorStateHistogram {

    /** One class's growth between two histograms. */
    record Growth(String className, long instances, long bytes) {
    }

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    private final Map<String, long[]> byClass;

    private EvaluatorStateHistogram(Map<String, long[]> byClass) {
        this.byClass = byClass;
    }

    /** The live heap now (the JVM collects first); empty where the diagnostic command is unavailable. */
    static EvaluatorStateHistogram take() {
        Map<String, long[]> rows = new HashMap<>();
        try {
            ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            for (String line : String.valueOf(out).split("\n")) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    rows.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
            }
        } catch (JMException | RuntimeException e) {
            rows.clear();
        }
        return new EvaluatorStateHistogram(rows);
    }

    /** The {@code limit} classes whose live bytes grew most since {@code before}, largest first. */
    List<Growth> grownSince(EvaluatorStateHistogram before, int limit) {
        List<Growth> growth = new ArrayList<>();
        for (Map.Entry<String, long[]> row : byClass.entrySet()) {
            long[] then = before.byClass.getOrDefault(row.getKey(), new long[2]);
            long bytes = row.getValue()[1] - then[1];
            if (bytes > 0) {
                growth.add(new Growth(row.getKey(), row.getValue()[0] - then[0], bytes));
            }
        }
        growth.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return List.copyOf(growth.subList(0, Math.min(limit, growth.size())));
    }
}
