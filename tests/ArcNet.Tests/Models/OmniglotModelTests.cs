using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ArcNet.Models.Omniglot;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Models;

/// <summary>
/// The package's models are the ones its readme records (command, seed, steps, sha256, accuracy), so that the
/// accuracy a user reads belongs to the file they get.
/// </summary>
public sealed class OmniglotModelTests
{
    [Theory]
    [InlineData("omniglot.arc")]
    [InlineData("omniglot.context")]
    public void The_packaged_model_is_the_one_the_package_readme_records(string file)
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "ArcNet.Models.Omniglot.README.md"));
        var recorded = Regex.Match(readme, $@"`{Regex.Escape(file)}` \| `([0-9a-f]{{64}})`");
        recorded.Success.Should().BeTrue($"the package readme records the sha256 of {file}");

        using var stream = typeof(OmniglotModel).Assembly.GetManifestResourceStream($"ArcNet.Models.Omniglot.{file}");
        stream.Should().NotBeNull($"the package embeds {file}");
        Convert.ToHexStringLower(SHA256.HashData(stream!)).Should().Be(recorded.Groups[1].Value);
    }

    [Fact]
    public void The_context_model_fits_the_comparator_it_was_trained_on()
    {
        using var comparator = OmniglotModel.Load();
        using var context = OmniglotModel.LoadContext();

        context.Invoking(c => c.CheckCompatible(comparator)).Should().NotThrow();
    }
}
