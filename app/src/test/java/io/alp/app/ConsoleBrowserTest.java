package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.alp.app.ConsoleFixture.TOKEN;
import static io.alp.app.ConsoleFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven by Selenium:
 * it loads without a console error, the plot holds one point per evaluated node, a click on a point opens that
 * node's page with its cases, and a running session's page updates without a reload. Screenshots of each page go
 * to {@code target/console-screenshots}. Skipped, saying so, only where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;

    private ConsoleFixture console;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws IOException {
        Optional<Path> chromium = executable("chromium", "chromium-browser");
        Optional<Path> driverBinary = executable("chromedriver");
        assumeTrue(chromium.isPresent() && driverBinary.isPresent(), "headless Chromium is not installed here "
                + "(Debian packages chromium and chromium-driver; .ci/run installs them): browser tests skipped");
        console = ConsoleFixture.start(tmp, TOKEN);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--window-size=1400,1600");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.get().toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void theSessionsPageListsTheSessionWithoutAConsoleError() throws IOException {
        driver.get(console.server.url() + "/");
        WebElement row = waitFor(By.cssSelector("tr[data-session='" + console.finished + "']"));
        assertTrue(row.getText().contains("stopped"), row.getText());
        assertTrue(row.getText().contains("$400"), "spend against the budget: " + row.getText());
        screenshot("sessions");
        assertNoConsoleError();
    }

    @Test
    void thePlotHoldsOnePointPerEvaluatedNodeAndAClickOpensTheNodeWithItsCases() throws IOException {
        JsonNode detail = json(console.get("/api/sessions/" + console.finished));
        openSession(console.finished);
        long points = (Long) js("return alpSession.plot.data.datasets[0].data.length;");
        assertEquals(detail.get("scored").asLong(), points, "one point per evaluated node");
        assertEquals(detail.get("nodes").asLong(), (long) driver.findElements(By.cssSelector("#tree li")).size(),
                "the tree shows every node");
        assertTrue(driver.findElement(By.id("frontier-table")).getText().contains(
                detail.get("frontier").get(0).get("node").asText()));
        screenshot("session");
        assertNoConsoleError();

        // a point away from every other node's point, so the click can only mean that node
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) js(
                "const c = alpSession.plot; const pts = [];"
                        + "c.data.datasets.forEach((d, i) => c.getDatasetMeta(i).data.forEach((e, j) =>"
                        + "  pts.push({x: e.x, y: e.y, node: d.data[j].node})));"
                        + "const ok = pts.find(p => p.node !== 'n0' && pts.every(q => q.node === p.node"
                        + "  || Math.hypot(q.x - p.x, q.y - p.y) > 10));"
                        + "const r = c.canvas.getBoundingClientRect();"
                        + "return ok && {node: ok.node, dx: ok.x - r.width / 2, dy: ok.y - r.height / 2};");
        assertTrue(target != null, "some node's point stands apart");
        String node = (String) target.get("node");
        new Actions(driver).moveToElement(driver.findElement(By.id("plot")),
                (int) Math.round(((Number) target.get("dx")).doubleValue()),
                (int) Math.round(((Number) target.get("dy")).doubleValue())).click().perform();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().endsWith("/nodes/" + node));

        JsonNode nodeDetail = json(console.get("/api/sessions/" + console.finished + "/nodes/" + node));
        int cases = nodeDetail.get("cases").size();
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector("#case-table tbody tr")).size()
                == cases);
        assertTrue(cases > 0, "the node has cases");
        screenshot("node");
        driver.findElement(By.cssSelector("button[data-filter='failed']")).click();
        List<WebElement> failed = driver.findElements(By.cssSelector("#case-table tbody tr"));
        JsonNode counts = nodeDetail.get("counts");
        assertEquals(counts.get("fail").asInt() + counts.get("error").asInt(), failed.size());
        assertTrue(failed.stream().noneMatch(r -> "pass".equals(r.getAttribute("data-verdict"))));
        driver.findElement(By.cssSelector("button[data-filter='changed']")).click();
        assertEquals(counts.get("changed").asInt(),
                driver.findElements(By.cssSelector("#case-table tbody tr")).size());
        assertNoConsoleError();
    }

    @Test
    void aRunningSessionsPageUpdatesWithoutReload() throws Exception {
        String id = "console-browser-live";
        assertEquals(201, console.post("/api/sessions", ConsoleFixture.slowSession(id, 40, 400), TOKEN)
                .statusCode());
        try {
            openSession(id);
            js("window.stillTheSamePage = true;");
            long scored = (Long) js("return alpSession.detail.scored;");
            new WebDriverWait(driver, WAIT).until(d -> (Long) js("return alpSession.detail.scored;") >= scored + 3);
            assertEquals(Boolean.TRUE, js("return window.stillTheSamePage === true;"), "the page was not reloaded");
            assertTrue((Long) js("return alpSession.events;") > 0, "updates came from the event stream");
            assertEquals(js("return alpSession.detail.scored;"),
                    js("return alpSession.plot.data.datasets[0].data.length;"), "the plot grew with the session");
            assertTrue(driver.findElement(By.id("live")).getAttribute("class").contains("on"));
            screenshot("running-session");
            assertNoConsoleError();
        } finally {
            console.post("/api/sessions/" + id + "/stop", "", TOKEN);
        }
    }

    @Test
    void theOfflineReportDrawsTheSameViews() throws IOException {
        JsonNode detail = json(console.get("/api/sessions/" + console.finished));
        driver.get(console.dir.resolve("report.html").toUri().toString());
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector("#tree li")).size()
                == detail.get("nodes").asInt());
        assertEquals(detail.get("scored").asLong(),
                (Long) js("return Chart.getChart('plot').data.datasets[0].data.length;"), "one point per node");
        assertEquals(detail.get("frontier").size(),
                driver.findElements(By.cssSelector("#frontier-table tbody tr")).size());
        assertTrue(driver.findElements(By.cssSelector("#tree a")).isEmpty(), "offline, nodes link nowhere");
        screenshot("report");
        assertNoConsoleError();
    }

    private void openSession(String id) {
        driver.get(console.server.url() + "/sessions/" + id);
        new WebDriverWait(driver, WAIT).until(d -> Boolean.TRUE.equals(
                js("return !!window.alpSession && alpSession.refreshes > 0;")));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    private void assertNoConsoleError() {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertTrue(errors.isEmpty(), "browser console: " + errors);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static Optional<Path> executable(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Optional<Path> found = Stream.of(names).map(n -> Path.of(dir, n)).filter(Files::isExecutable).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
