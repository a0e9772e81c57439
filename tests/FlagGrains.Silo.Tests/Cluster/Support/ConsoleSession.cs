using System.Net;
using System.Text.RegularExpressions;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Signs in to the admin console over plain HTTP as a browser's form post does (antiforgery token and cookie
/// included), and keeps the session cookie to present it anywhere.
/// </summary>
public static partial class ConsoleSession
{
    public const string CookieName = "__flaggrains_console";

    /// <summary>The <c>name=value</c> of the session cookie a successful sign-in on <paramref name="silo"/> set.</summary>
    public static async Task<string> SignInAsync(Uri silo, string adminToken)
    {
        using var client = Client(silo);
        return (await SignInAsync(client, adminToken)).Split(';')[0];
    }

    /// <summary>
    /// Signs in through <paramref name="client"/> (no cookie handling, no redirects followed) and returns the session
    /// cookie's whole Set-Cookie header; <paramref name="headers"/> go on both requests (a proxy's forwarded headers).
    /// </summary>
    public static async Task<string> SignInAsync(HttpClient client, string adminToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/console/signin");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) get.Headers.Add(name, value);
        using var form = await client.SendAsync(get);
        var html = await form.Content.ReadAsStringAsync();
        var antiforgeryCookie = Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var requestToken = RequestToken().Match(html).Groups[1].Value;

        using var post = new HttpRequestMessage(HttpMethod.Post, "/console/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(requestToken),
                ["Input.Token"] = adminToken,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) post.Headers.Add(name, value);
        using var signedIn = await client.SendAsync(post);
        return SetCookies(signedIn).SingleOrDefault(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal))
               ?? throw new InvalidOperationException($"Sign-in answered {(int)signedIn.StatusCode} without a session cookie: {await signedIn.Content.ReadAsStringAsync()}");
    }

    /// <summary>A console page requested with the session cookie: 200 when the session is accepted, a redirect to sign-in otherwise.</summary>
    public static async Task<HttpResponseMessage> GetAsync(Uri silo, string path, string sessionCookie)
    {
        using var client = Client(silo);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", sessionCookie);
        return await client.SendAsync(request);
    }

    /// <summary>The raw Set-Cookie headers of a response.</summary>
    public static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static IEnumerable<string> Cookies(HttpResponseMessage response) => SetCookies(response).Select(c => c.Split(';')[0]);

    private static HttpClient Client(Uri silo) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(30) };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex RequestToken();
}
