package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A filter expression over {@link RequestFields}, e.g.
 * {@code failure and model = "gpt-4o" and not (route ~ "^internal")} or {@code cost_usd > 0.05 or error}.
 * <p>
 * Operators: {@code = != < <= > >=} (numeric when both sides are numbers, else case-insensitive text) and
 * {@code ~} (regular expression found in the value); {@code and}, {@code or}, {@code not}, parentheses. A bare
 * field is true when its value is present and not {@code false} or {@code 0}. A missing value satisfies only
 * {@code !=}.
 */
public final class RequestFilter implements Predicate<Request> {

    private final String text;
    private final Predicate<Request> predicate;

    private RequestFilter(String text, Predicate<Request> predicate) {
        this.text = text;
        this.predicate = predicate;
    }

    /** @throws IllegalArgumentException naming the column where the expression goes wrong */
    public static RequestFilter parse(String text) {
        Parser p = new Parser(text);
        Predicate<Request> predicate = p.or();
        if (p.peek() != null) {
            throw p.error("unexpected '" + p.peek().text + "'");
        }
        return new RequestFilter(text, predicate);
    }

    @Override
    public boolean test(Request r) {
        return predicate.test(r);
    }

    @Override
    public String toString() {
        return text;
    }

    private record Token(String text, boolean quoted, int column) {
    }

    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private int at;

        Parser(String text) {
            this.text = text;
            this.tokens = tokenize(text);
        }

        Token peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        boolean keyword(String word) {
            Token t = peek();
            if (t != null && !t.quoted && t.text.equalsIgnoreCase(word)) {
                at++;
                return true;
            }
            return false;
        }

        Predicate<Request> or() {
            Predicate<Request> left = and();
            while (keyword("or")) {
                left = left.or(and());
            }
            return left;
        }

        Predicate<Request> and() {
            Predicate<Request> left = unary();
            while (keyword("and")) {
                left = left.and(unary());
            }
            return left;
        }

        Predicate<Request> unary() {
            if (keyword("not")) {
                return unary().negate();
            }
            if (keyword("(")) {
                Predicate<Request> inner = or();
                if (!keyword(")")) {
                    throw error("expected ')'");
                }
                return inner;
            }
            return comparison();
        }

        Predicate<Request> comparison() {
            Token field = next("a field name");
            if (field.quoted || isOperator(field.text) || field.text.equals(")")) {
                throw error(field, "expected a field name, got '" + field.text + "'");
            }
            String name = field.text;
            Token op = peek();
            if (op == null || op.quoted || !isOperator(op.text)) {
                return r -> RequestFields.value(r, name).map(v -> !v.isEmpty() && !v.equals("false")
                        && !v.equals("0")).orElse(false);
            }
            at++;
            Token value = next("a value after '" + op.text + "'");
            return compare(name, op, value);
        }

        Predicate<Request> compare(String name, Token op, Token value) {
            String expected = value.text;
            if (op.text.equals("~")) {
                Pattern pattern;
                try {
                    pattern = Pattern.compile(expected);
                } catch (PatternSyntaxException e) {
                    throw error(value, "bad regular expression: " + e.getDescription());
                }
                return r -> RequestFields.value(r, name).map(v -> pattern.matcher(v).find()).orElse(false);
            }
            return r -> {
                Optional<String> actual = RequestFields.value(r, name);
                if (actual.isEmpty()) {
                    return op.text.equals("!=");
                }
                int c = compareValues(actual.get(), expected);
                return switch (op.text) {
                    case "=", "==" -> c == 0;
                    case "!=" -> c != 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            };
        }

        Token next(String what) {
            Token t = peek();
            if (t == null) {
                throw error("expected " + what + " at the end");
            }
            at++;
            return t;
        }

        IllegalArgumentException error(String problem) {
            Token t = peek();
            return t == null ? new IllegalArgumentException("filter '" + text + "': " + problem)
                    : error(t, problem);
        }

        IllegalArgumentException error(Token t, String problem) {
            return new IllegalArgumentException("filter '" + text + "' at column " + t.column + ": " + problem);
        }
    }

    private static int compareValues(String actual, String expected) {
        try {
            return Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
        } catch (NumberFormatException e) {
            return actual.toLowerCase(Locale.ROOT).compareTo(expected.toLowerCase(Locale.ROOT));
        }
    }

    private static boolean isOperator(String s) {
        return switch (s) {
            case "=", "==", "!=", "<", "<=", ">", ">=", "~" -> true;
            default -> false;
        };
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("filter '" + text + "' at column " + (i + 1)
                            + ": unterminated quote");
                }
                tokens.add(new Token(text.substring(i + 1, end), true, i + 1));
                i = end + 1;
            } else if (c == '(' || c == ')' || c == '~') {
                tokens.add(new Token(String.valueOf(c), false, i + 1));
                i++;
            } else if ("=!<>".indexOf(c) >= 0) {
                int end = i + 1 < text.length() && text.charAt(i + 1) == '=' ? i + 2 : i + 1;
                String op = text.substring(i, end);
                if (op.equals("!")) {
                    throw new IllegalArgumentException("filter '" + text + "' at column " + (i + 1)
                            + ": '!' must be '!=' (use 'not' to negate)");
                }
                tokens.add(new Token(op, false, i + 1));
                i = end;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                        && "()~=!<>\"'".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(new Token(text.substring(i, end), false, i + 1));
                i = end;
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("filter is empty");
        }
        return tokens;
    }
}
