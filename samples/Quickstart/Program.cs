using System;
using System.Globalization;
using AutoDiff.Samples;

// Each derivative below is declared by the source generator and given its body by the weaver
// when this project builds; the comments give the values the calls must return.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine("Reverse mode, f(x) = x * x:");
Console.WriteLine($"  Bar(3, 1) = {Functions.Bar(3f, 1f)}");   // (9, 6)
Console.WriteLine($"  Bar(4, 1) = {Functions.Bar(4f, 1f)}");   // (16, 8)

Console.WriteLine("Rosenbrock, f(x, y) = (1 - x)^2 + 100 (y - x^2)^2:");
Console.WriteLine($"  forward, tangent on x:      RbFwd1(1, 1, 3)    = {Functions.RbFwd1(1.0, 1.0, 3.0)}");      // (400, -800)
Console.WriteLine($"  forward, tangent on y:      RbFwd2(1, 3, 1)    = {Functions.RbFwd2(1.0, 3.0, 1.0)}");      // (400, 400)
Console.WriteLine($"  forward, tangents on both:  RbFwd3(1, 1, 3, 1) = {Functions.RbFwd3(1.0, 1.0, 3.0, 1.0)}"); // (400, -400)
Console.WriteLine($"  reverse, gradient:          RbRev(1, 3, 1)     = {Functions.RbRev(1.0, 3.0, 1.0)}");       // (400, -800, 400)
