using System.Net;
using FlagGrains.Contracts;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Admin;

[Collection(SiloCollection.Name)]
public sealed class NameValidationTests(SiloFixture silo)
{
    [Theory]
    [InlineData("prod\n")]
    [InlineData("prod\r\n")]
    [InlineData("\nprod")]
    [InlineData("Prod")]
    [InlineData("")]
    public void Names_with_a_trailing_newline_or_other_stray_characters_are_refused(string name)
    {
        Assert.False(GrainKeys.IsValidName(name));
        Assert.False(GrainKeys.TryEnvironment("shop", name, out _));
    }

    [Fact]
    public async Task An_environment_name_ending_in_a_newline_is_a_400_not_a_new_environment()
    {
        using var admin = silo.Factory.CreateAdminClient();

        var response = await admin.PutFlagsAsync(Environments.NewProject(), "prod%0A", Documents.Mixed);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_naming_an_environment_with_a_newline_is_a_401()
    {
        using var device = silo.Factory.CreateClient();
        device.DefaultRequestHeaders.TryAddWithoutValidation("X-API-Key", $"fgc.shop.prod\n.abcdefgh.{new string('A', 43)}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await device.EvaluateAllAsync(new { targetingKey = "u" })).StatusCode);
    }
}
