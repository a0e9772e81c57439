using FlagGrains.Silo.Apis;
using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFlagGrainsSilo();

var app = builder.Build();
app.UseFlagGrainsHttp();
app.MapFlagGrainsApis();
app.Run();

/// <summary>Entry point; public so functional tests can host it.</summary>
public partial class Program;
