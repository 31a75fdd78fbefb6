#ifndef SIGNALBOX_CQRENCODE_SHIM_H
#define SIGNALBOX_CQRENCODE_SHIM_H

// Debian's libqrencode-dev. Only QRcode_encodeString, QRcode_free and the QRcode struct are
// used: the encoder picks the smallest version and the segment modes itself.
#include <qrencode.h>

#endif
