using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests;

/// <summary>
/// What ./build.sh Test provisions for the integration tests (rootfs, published trainer, image)
/// and hands over in TESTBED_TEST_* variables. Outside the build these tests fail with a clear
/// message rather than being skipped.
/// </summary>
internal sealed record IntegrationEnvironment(RootfsImage Rootfs, string PublishDirectory, string Image, string SessionsDirectory, string RepositoryRoot)
{
    /// <summary>The checkout under test (only this variable: for tests that need nothing provisioned).</summary>
    public static string Repository()
    {
        var value = Environment.GetEnvironmentVariable("TESTBED_TEST_REPOSITORY");
        Assert.False(string.IsNullOrEmpty(value), "TESTBED_TEST_REPOSITORY is not set: run the tests through ./build.sh Test.");
        return value!;
    }

    public static IntegrationEnvironment Require()
    {
        static string Get(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            Assert.False(string.IsNullOrEmpty(value),
                $"{name} is not set: run the integration tests through ./build.sh Test, which provisions the engine, rootfs and image.");
            return value!;
        }
        var rootfs = Get("TESTBED_TEST_ROOTFS");
        return new IntegrationEnvironment(new RootfsImage(Path.GetFileName(rootfs), rootfs), Get("TESTBED_TEST_PUBLISH"), Get("TESTBED_TEST_IMAGE"),
            Get("TESTBED_TEST_SESSIONS"), Get("TESTBED_TEST_REPOSITORY"));
    }
}
