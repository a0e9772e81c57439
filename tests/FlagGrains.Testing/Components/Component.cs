namespace FlagGrains.Testing.Components;

/// <summary>Something outside the repository that some tests need. Each is probed once per test run.</summary>
public enum Component
{
    /// <summary>A PostgreSQL server (FLAGGRAINS_TEST_POSTGRES, default 127.0.0.1:5432).</summary>
    PostgreSql,

    /// <summary>The third-party conformance suites (FLAGGRAINS_CONFORMANCE_DIR, default ../shared/conformance).</summary>
    Conformance,

    /// <summary>Node with the pinned flagd-core reference evaluator (tests/differential-node).</summary>
    NodeReference,

    /// <summary>Node with the official OFREP web provider (tests/interop-node).</summary>
    NodeInterop,

    /// <summary>Debian's Chromium at /usr/bin/chromium, driven by Playwright.</summary>
    Chromium,

    /// <summary>Prometheus' promtool, which checks the shipped alert rules.</summary>
    Promtool,

    /// <summary>Azurite's Table service (FLAGGRAINS_TEST_AZURITE, default 127.0.0.1:10002).</summary>
    Azurite,
}
