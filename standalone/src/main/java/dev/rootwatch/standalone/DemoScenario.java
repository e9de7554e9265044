package dev.rootwatch.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The demo's steps, read from the bundled {@code demo/index.txt}: a file and what it shows. */
record DemoScenario(List<Step> steps) {

    static final String FOLDER = "demo/";

    record Step(String resource, String description) {
        InputStream open() throws IOException {
            InputStream in = DemoScenario.class.getClassLoader().getResourceAsStream(FOLDER + resource);
            if (in == null) {
                throw new IOException("demo file missing from the jar: " + resource);
            }
            return in;
        }
    }

    static DemoScenario load() throws IOException {
        InputStream index = DemoScenario.class.getClassLoader().getResourceAsStream(FOLDER + "index.txt");
        if (index == null) {
            throw new IOException("demo index missing from the jar");
        }
        List<Step> steps = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                steps.add(new Step(line.substring(0, tab).trim(), line.substring(tab + 1).trim()));
            }
        }
        return new DemoScenario(List.copyOf(steps));
    }
}
