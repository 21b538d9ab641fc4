package io.alp.traffic.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.traffic.Feedback;
import io.alp.traffic.read.Fields;

import java.util.ArrayList;
import java.util.List;

/** Langfuse scores (user feedback, annotations, evaluations) as feedback. */
final class Scores {

    private Scores() {
    }

    /**
     * Scores given as objects; ids (as the traces list of the public API gives them) are skipped. A NUMERIC score
     * has only a value; CATEGORICAL and BOOLEAN scores keep their string value ("False", "thumbs_down") as label.
     */
    static List<Feedback> of(JsonNode scores) {
        List<Feedback> feedback = new ArrayList<>();
        if (scores == null || !scores.isArray()) {
            return feedback;
        }
        for (int i = 0; i < scores.size(); i++) {
            JsonNode score = scores.get(i);
            if (!score.isObject()) {
                continue;
            }
            Fields fields = Fields.of(score, "scores[" + i + "]");
            String name = fields.text("name");
            Double value = fields.number("value");
            String label = "NUMERIC".equalsIgnoreCase(fields.text("dataType")) ? null : fields.text("stringValue");
            String comment = fields.text("comment");
            if (value != null || label != null || comment != null) {
                feedback.add(new Feedback(name == null ? "score" : name, value, label, comment));
            }
        }
        return feedback;
    }
}
