// A small program with code, read-only data, data and zero-fill data, built
// for every format to give the size readers real binaries to measure.
const char greeting[] = "size_report sample";
int counter = 7;
char scratch[4096];
int start(void) { return greeting[counter] + scratch[counter]; }
