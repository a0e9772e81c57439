using System.Net;
using System.Net.Sockets;
using System.Text;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

/// <summary>Header floods are Kestrel's to refuse, so this runs the silo on a real socket.</summary>
public sealed class HeaderLimitTests
{
    [Fact]
    public async Task Header_floods_are_refused_with_431()
    {
        var port = FreeTcpPort.Next();
        await using var factory = new SiloFactory();
        factory.UseKestrel(port);
        await Task.Run(factory.StartServer);

        var tooMany = string.Concat(Enumerable.Range(0, 200).Select(i => $"X-Flood-{i}: 1\r\n"));
        var tooLarge = $"X-Big: {new string('b', 40_000)}\r\n";
        foreach (var headers in new[] { tooMany, tooLarge })
        {
            var status = await SendRawAsync(port, $"POST /ofrep/v1/evaluate/flags HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n{headers}\r\n");
            Assert.Equal((int)HttpStatusCode.RequestHeaderFieldsTooLarge, status);
        }
    }

    private static async Task<int> SendRawAsync(int port, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
