package io.sipsm.metrics.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code GET /health} asks: {@code ?tags=systemready,systemalive} runs the checks with any of the tags
 * (every check without it), {@code ?format=json} or an {@code Accept} naming {@code application/json} answers
 * JSON, text otherwise.
 */
record HealthQuery(List<String> tags, boolean json) {

    static HealthQuery parse(String rawQuery, String accept) {
        List<String> tags = new ArrayList<>();
        boolean json = accept != null && accept.contains("application/json");
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (name.equals("tags")) {
                    for (String tag : value.split(",")) {
                        if (!tag.isBlank()) {
                            tags.add(tag.trim());
                        }
                    }
                } else if (name.equals("format")) {
                    json = value.equalsIgnoreCase("json");
                }
            }
        }
        return new HealthQuery(List.copyOf(tags), json);
    }
}
