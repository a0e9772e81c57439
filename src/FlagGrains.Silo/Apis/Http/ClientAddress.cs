using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// The client's address, read from the server's connection feature: <c>HttpContext.Connection</c> creates a wrapper
/// that stays with the request, and an open event stream is a request that lasts for hours.
/// </summary>
public static class ClientAddress
{
    public static IPAddress? Of(HttpContext http) => http.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress;
}
